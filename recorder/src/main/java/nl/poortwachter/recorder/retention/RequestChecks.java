package nl.poortwachter.recorder.retention;

import java.time.Instant;
import java.util.regex.Pattern;

/** Checks shared by holds and exports: free text is bounded and printable, ranges are ordered. */
public final class RequestChecks {
    public static final Pattern CAMERA_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private RequestChecks() {
    }

    public static String cameraId(String id) {
        if (id == null || !CAMERA_ID.matcher(id).matches()) {
            throw new ArchiveRequestException("cameraId", "is not a camera id");
        }
        return id;
    }

    public static String text(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new ArchiveRequestException(field, "is required");
            }
            return null;
        }
        if (value.length() > max) {
            throw new ArchiveRequestException(field, "is longer than " + max + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new ArchiveRequestException(field, "must not contain control characters");
        }
        return value.strip();
    }

    public static void range(Instant from, Instant to) {
        if (from == null) {
            throw new ArchiveRequestException("from", "is required");
        }
        if (to == null) {
            throw new ArchiveRequestException("to", "is required");
        }
        if (!from.isBefore(to)) {
            throw new ArchiveRequestException("from", "must be before 'to'");
        }
    }
}
