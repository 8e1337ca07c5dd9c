package nl.poortwachter.recorder.register;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import nl.poortwachter.recorder.camera.Cidr;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;
import nl.poortwachter.recorder.testing.TestRecorders;

/** The rules, importer and files the register tests share. */
final class RegisterFixtures {
    /** 1 December 2026 in the Netherlands: installation dates after it lie in the future. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneId.of("Europe/Amsterdam"));
    static final RegisterRules RULES = new RegisterRules(new RtspUrlPolicy(List.of(Cidr.parse("10.20.0.0/16"))),
            TestRecorders.REGIMES, CLOCK);
    static final RegisterImport IMPORT = new RegisterImport(RULES, ImportLimits.DEFAULT);

    private RegisterFixtures() {
    }

    /**
     * Utrecht's published inventory, in its shape: 22 Hikvision and Dahua cameras with location (street),
     * description, vendor and closed network yes/no; ';'-separated Windows-1252 as Dutch Excel saves it.
     */
    static byte[] utrechtInventory() throws IOException {
        try (InputStream in = RegisterFixtures.class.getResourceAsStream("/register/utrecht-inventory.csv")) {
            return in.readAllBytes();
        }
    }

    static ImportPlan plan(byte[] file, List<RegisterEntry> register) {
        return IMPORT.plan(file, Map.of(), register);
    }

    /** What a store does with an applicable plan: every entry of the plan replaces the one with its key. */
    static List<RegisterEntry> apply(List<RegisterEntry> register, ImportPlan plan) {
        if (!plan.applicable()) {
            throw new AssertionError("plan has problems: " + plan.problems());
        }
        Map<String, RegisterEntry> byKey = new java.util.LinkedHashMap<>();
        register.forEach(e -> byKey.put(e.key(), e));
        plan.toWrite().forEach(e -> byKey.put(e.key(), e));
        return List.copyOf(byKey.values());
    }
}
