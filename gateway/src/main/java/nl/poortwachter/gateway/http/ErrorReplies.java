package nl.poortwachter.gateway.http;

/** Error replies built outside this package (the guard) in the one error shape of the API. */
public final class ErrorReplies {
    private ErrorReplies() {
    }

    public static Reply of(int status, String code, String message) {
        return Reply.json(status, new ErrorBody(code, message, null));
    }

    public static Reply of(int status, String code, String message, String field) {
        return Reply.json(status, new ErrorBody(code, message, field));
    }

    /** A refusal with its reason (the one the audit log's denied entry records). */
    public static Reply refused(int status, String code, String message, String reason) {
        return Reply.json(status, new ErrorBody(code, message, null, reason));
    }
}
