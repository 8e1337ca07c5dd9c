package nl.poortwachter.recorder.register;

import static nl.poortwachter.recorder.register.RegisterFixtures.RULES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules as the API will use them: one entry at a time, every problem at once. */
class RegisterRulesTest {
    private static RegisterEntry.Builder entry() {
        return RegisterEntry.builder().set(RegisterField.KEY, "UT-1").set(RegisterField.LOCATION, "Neude");
    }

    @Test
    void storedFormHasTrimmedTextAndTheRegimesId() {
        RegisterRules.Checked c = RULES.check(entry().set(RegisterField.LOCATION, "  Neude 1 ").set(RegisterField.VENDOR, "   ")
                .set(RegisterField.LEGAL_REGIME, "Beveiliging gebouwen").set(RegisterField.DESCRIPTION, "Plein\nmet fontein")
                .set(RegisterField.RTSP_URL, "RTSP://10.20.1.15/Streaming/Channels/101").build());
        assertTrue(c.ok(), c.problems()::toString);
        assertEquals("Neude 1", c.entry().location());
        assertNull(c.entry().vendor());
        assertEquals("avg-building-security", c.entry().legalRegime());
        assertEquals("Plein\nmet fontein", c.entry().description());
        assertEquals("rtsp://10.20.1.15/Streaming/Channels/101", c.entry().rtspUrl());
    }

    @Test
    void everyProblemOfAnEntryAtOnce() {
        RegisterRules.Checked c = RULES.check(RegisterEntry.builder().set(RegisterField.LOCATION, "Neude\nhoek")
                .set(RegisterField.MODEL, "x".repeat(201)).set(RegisterField.RETENTION_DAYS, 0).build());
        assertNull(c.entry());
        assertEquals(List.of("location: must not contain control characters or line breaks", "model: is longer than 200 characters",
                "key: is required", "retentionDays: must be between 1 and 3650 days"), c.problems().stream().map(Object::toString).toList());
    }
}
