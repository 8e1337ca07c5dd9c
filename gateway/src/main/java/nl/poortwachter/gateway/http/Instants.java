package nl.poortwachter.gateway.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 instants with an offset, in queries and bodies: the one parser of every route that takes a time.
 * Anything else is a 400 naming the field. Years far outside footage (e.g. {@code +999999999-12-31T23:59:59Z})
 * parse as ISO-8601 but overflow epoch milliseconds further on, so they are refused here, before any store sees them.
 */
public final class Instants {
    /** The earliest and latest instant any request may name: inside them every instant fits in epoch milliseconds. */
    public static final Instant MIN = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

    private Instants() {
    }

    public static Instant optional(String field, String value) {
        return value == null ? null : required(field, value);
    }

    public static Instant required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("invalid_parameter", field, "'" + field + "' is required");
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_parameter", field, "'" + field
                    + "' must be an ISO-8601 date-time with offset, e.g. 2026-11-23T20:00:00Z");
        } catch (DateTimeException e) {
            instant = null; // beyond what Instant holds
        }
        if (instant == null || instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw ApiException.badRequest("invalid_parameter", field, "'" + field
                    + "' must lie between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        }
        return instant;
    }
}
