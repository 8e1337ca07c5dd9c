package nl.poortwachter.gateway.cameras;

import java.time.Duration;
import java.time.Instant;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Instants;

/**
 * The {@code from}/{@code to} query of a recordings request. Bounded to 31 days so that one request cannot make
 * the index list a year of segments; the default is the last hour, what someone opening a camera wants to see.
 */
public record TimeRange(Instant from, Instant to) {
    public static final Duration MAX = Duration.ofDays(31);
    public static final Duration DEFAULT = Duration.ofHours(1);

    /**
     * @param from ISO-8601 with offset ({@code 2026-11-23T20:00:00Z}, {@code 2026-11-23T21:00:00+01:00}) or null
     * @param to   likewise; null means now
     */
    public static TimeRange parse(String from, String to, Instant now) {
        Instant end = to == null ? now : Instants.required("to", to);
        Instant start = from == null ? end.minus(DEFAULT) : Instants.required("from", from);
        if (!start.isBefore(end)) {
            throw ApiException.badRequest("invalid_parameter", from == null ? "to" : "from",
                    "'from' must be before 'to'");
        }
        if (Duration.between(start, end).compareTo(MAX) > 0) {
            throw ApiException.badRequest("invalid_parameter", to == null ? "from" : "to",
                    "the range from 'from' to 'to' must not exceed " + MAX.toDays() + " days");
        }
        return new TimeRange(start, end);
    }
}
