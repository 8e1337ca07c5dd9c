package nl.poortwachter.recorder.camera;

/** A camera description that breaks a rule; {@link #field()} names the offending field for the integrator. */
public final class InvalidCameraException extends IllegalArgumentException {
    private final String field;

    public InvalidCameraException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
