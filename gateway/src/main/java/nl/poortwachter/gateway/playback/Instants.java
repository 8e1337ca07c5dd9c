package nl.poortwachter.gateway.playback;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import nl.poortwachter.gateway.http.ApiException;

/** ISO-8601 instants with an offset in queries and bodies; anything else is a 400 naming the field. */
final class Instants {
    private Instants() {
    }

    static Instant optional(String field, String value) {
        return value == null ? null : required(field, value);
    }

    static Instant required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("invalid_parameter", field, "'" + field + "' is required");
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_parameter", field, "'" + field
                    + "' must be an ISO-8601 date-time with offset, e.g. 2026-11-23T20:00:00Z");
        }
    }
}
