package nl.poortwachter.recorder.register;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The council overview counted from the register: per vendor (whatever its spelling), per network, sanitized or
 * passed through, firmware age from the build date in the version text, and connected cameras not seen recently.
 */
class RegisterOverviewTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static RegisterEntry entry(String key, String vendor, String firmware, Boolean closed) {
        return new RegisterEntry(key, "Neude " + key, null, null, null, null, null, vendor, null, firmware, null, closed,
                null, null, null, null, null, null, null);
    }

    @Test
    void countsWhatACouncilAsks() {
        List<RegisterView> views = List.of(
                new RegisterView(1, entry("A", "Hikvision", "V5.7.3 build 220112", true), "a-1", RegisterView.SANITIZED,
                        "streaming", NOW),
                new RegisterView(2, entry("B", " hikvision", "V5.5.0 build 190101", false), "b-1", RegisterView.PASSTHROUGH,
                        "backoff", NOW.minus(Duration.ofDays(3))),
                new RegisterView(3, entry("C", "Dahua", "V2.800.0000000.16.R, Build Date: 2026-03-10", null), null, null,
                        RegisterView.TO_CONNECT, null),
                new RegisterView(4, entry("D", null, "20251301", true), "d-1", RegisterView.SANITIZED, "failed", null));
        RegisterOverview o = RegisterOverview.of(views, NOW, Duration.ofHours(24));

        assertEquals(4, o.entries());
        assertEquals(3, o.connected());
        assertEquals(List.of(new RegisterOverview.Count("Hikvision", 2), new RegisterOverview.Count("Dahua", 1),
                new RegisterOverview.Count(null, 1)), o.byVendor(), "one vendor however it is spelled; unknown last");
        assertEquals(List.of(new RegisterOverview.Count("closed", 2), new RegisterOverview.Count("open", 1),
                new RegisterOverview.Count("unknown", 1)), o.byNetwork());
        assertEquals(List.of(new RegisterOverview.Count("sanitized", 2), new RegisterOverview.Count("passthrough", 1),
                new RegisterOverview.Count("to_connect", 1)), o.byMode());
        assertEquals(List.of(new RegisterOverview.Count("under_1_year", 1), new RegisterOverview.Count("1_to_2_years", 0),
                new RegisterOverview.Count("2_to_5_years", 1), new RegisterOverview.Count("over_5_years", 1),
                new RegisterOverview.Count("unknown", 1)), o.firmwareAge(), "20251301 looks like a date but is none");
        assertEquals(List.of(LocalDate.of(2019, 1, 1), LocalDate.of(2022, 1, 12), LocalDate.of(2026, 3, 10)),
                o.firmware().stream().map(RegisterOverview.Firmware::built).filter(d -> d != null).toList(), "oldest first");
        assertEquals(List.of("d-1", "b-1"), o.notSeenRecently().stream().map(RegisterOverview.NotSeen::cameraId).toList(),
                "never seen first; the entry to connect is no camera and the streaming one was seen now");
        assertEquals(24, o.notSeenHours());
    }

    @Test
    void buildDatesInTheVendorsWays() {
        assertEquals(Optional.of(LocalDate.of(2022, 1, 12)), RegisterOverview.buildDate("V5.7.3 build 220112"));
        assertEquals(Optional.of(LocalDate.of(2022, 3, 10)), RegisterOverview.buildDate("V2.800, Build Date: 2022-03-10"));
        assertEquals(Optional.of(LocalDate.of(2023, 7, 1)), RegisterOverview.buildDate("fw_20230701_r2"));
        assertEquals(Optional.empty(), RegisterOverview.buildDate("V5.7.3"));
        assertEquals(Optional.empty(), RegisterOverview.buildDate(null));
    }
}
