package nl.poortwachter.gateway.http;

/**
 * A request the API refuses, with the status and the JSON error it answers with. Thrown (or failed with) by
 * endpoints; {@link ApiServer} turns it into {@code {"error": code, "message": ..., "field": ...}}.
 * No stack trace: this is an answer, not a fault, and it is never logged as one.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;
    private final String reason;

    public ApiException(int status, String code, String field, String message) {
        this(status, code, field, message, null);
    }

    private ApiException(int status, String code, String field, String message, String reason) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.reason = reason;
    }

    /** A 403 {@code forbidden} with the reason its denied entry in the audit log records. */
    public static ApiException forbidden(String reason, String message) {
        return new ApiException(403, "forbidden", null, message, reason);
    }

    public static ApiException badRequest(String code, String field, String message) {
        return new ApiException(400, code, field, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", null, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    ErrorBody body() {
        return new ErrorBody(code, getMessage(), field, reason);
    }
}
