package nl.poortwachter.gateway.cameras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import nl.poortwachter.gateway.http.ApiException;
import org.junit.jupiter.api.Test;

class TimeRangeTest {
    private static final Instant NOW = Instant.parse("2026-11-23T20:00:00Z");

    @Test
    void defaultIsTheLastHour() {
        assertEquals(new TimeRange(NOW.minus(Duration.ofHours(1)), NOW), TimeRange.parse(null, null, NOW));
    }

    @Test
    void parsesOffsets() {
        TimeRange r = TimeRange.parse("2026-11-23T10:00:00+01:00", "2026-11-23T10:30:00Z", NOW);
        assertEquals(Instant.parse("2026-11-23T09:00:00Z"), r.from());
        assertEquals(Instant.parse("2026-11-23T10:30:00Z"), r.to());
        assertEquals(NOW, TimeRange.parse("2026-11-23T19:00:00Z", null, NOW).to());
        assertEquals(Instant.parse("2026-11-01T09:00:00Z"),
                TimeRange.parse(null, "2026-11-01T10:00:00Z", NOW).from());
    }

    private static ApiException fail(String from, String to) {
        ApiException e = assertThrows(ApiException.class, () -> TimeRange.parse(from, to, NOW));
        assertEquals(400, e.status());
        assertEquals("invalid_parameter", e.code());
        return e;
    }

    @Test
    void errorsNameTheParameter() {
        assertEquals("from", fail("yesterday", null).field());
        assertEquals("to", fail(null, "2026-13-01T00:00:00Z").field());
        assertEquals("from", fail("2026-11-23T10:00:00", null).field()); // no offset: ambiguous
        assertEquals("from", fail("2026-11-23T10:00:00Z", "2026-11-23T10:00:00Z").field());
        assertEquals("from", fail("2026-11-23T11:00:00Z", "2026-11-23T10:00:00Z").field());
        assertEquals("to", fail("2026-10-01T00:00:00Z", "2026-11-02T00:00:00Z").field());
        assertEquals("from", fail("2026-10-01T00:00:00Z", null).field());
        assertEquals("to", fail(null, "+999999999-12-31T23:59:59Z").field()); // parses, but overflows epoch millis
        assertEquals("from", fail("1969-12-31T23:59:59Z", "1970-01-01T00:30:00Z").field());
    }

    @Test
    void exactly31DaysIsAllowed() {
        TimeRange.parse("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", NOW);
    }
}
