package nl.poortwachter.recorder.retention;

/**
 * A request about recorded footage (hold, export, playback range) that is refused as given: the field and the
 * reason, for a 400 answer. Nothing was changed.
 */
public final class ArchiveRequestException extends RuntimeException {
    private final String field;

    public ArchiveRequestException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
