package nl.poortwachter.media.rtsp;

/**
 * A failed RTSP exchange and what kind of failure it was, so that a caller can tell a wrong password from an
 * unreachable camera. The message holds no secret (no credentials, no Authorization header).
 */
public final class RtspException extends Exception {
    /** What went wrong, in the terms an integrator acts on. */
    public enum Kind {
        /** The camera refused the credentials (401/403). */
        auth_failed,
        /** No connection: unknown host, refused, no route. */
        unreachable,
        /** The camera did not answer, or the stream stalled, within the timeout. */
        timeout,
        /** The camera has no stream at this path (404). */
        not_found,
        /** The session description has no video track. */
        no_video,
        /** The camera's address, or where it redirected us, is outside the allowed networks: not connected. */
        not_allowed,
        /** Anything else: an answer this client does not accept. */
        error
    }

    private final Kind kind;

    public RtspException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RtspException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
