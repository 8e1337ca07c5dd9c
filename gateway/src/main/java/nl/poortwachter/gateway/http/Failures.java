package nl.poortwachter.gateway.http;

import nl.poortwachter.recorder.CameraExistsException;
import nl.poortwachter.recorder.NoSuchCameraException;
import nl.poortwachter.recorder.camera.InvalidCameraException;
import nl.poortwachter.recorder.logging.Log;

/**
 * Maps what an endpoint failed with to the error response. Known refusals (ours and the recorder's) become
 * 4xx with their message; anything else is a bug or an outage: the client gets a 500 with the request id and
 * nothing else (an exception message may describe internals), the log gets the stack trace.
 */
final class Failures {
    private static final Log LOG = Log.of(Failures.class);

    private Failures() {
    }

    static Reply toReply(Throwable t, String method, String path, String requestId) {
        if (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        ApiException api = toApiException(t);
        if (api == null) {
            LOG.error("request failed", t, "method", method, "path", path, "id", requestId);
            api = new ApiException(500, "internal_error", null,
                    "the request could not be completed; the server log has details under id " + requestId);
        }
        return Reply.json(api.status(), api.body());
    }

    static ApiException toApiException(Throwable t) {
        if (t instanceof ApiException a) {
            return a;
        }
        if (t instanceof NoSuchCameraException) {
            return new ApiException(404, "not_found", null, t.getMessage());
        }
        if (t instanceof CameraExistsException) {
            return new ApiException(409, "camera_exists", "id", t.getMessage());
        }
        if (t instanceof nl.poortwachter.gateway.audit.AuditUnavailableException) {
            // Fail closed: nothing is done or shown that the audit log cannot record.
            if (t.getCause() instanceof nl.poortwachter.gateway.audit.LogAlarmException) {
                return new ApiException(503, "audit_unavailable", null, "the audit log has an alarm that an"
                        + " administrator must acknowledge first (see /health); until then this action is refused");
            }
            return new ApiException(503, "audit_unavailable", null,
                    "the audit log cannot record this action right now, so it is refused; try again later");
        }
        if (t instanceof InvalidCameraException e) {
            return new ApiException(400, "invalid_field", e.field(), e.getMessage());
        }
        return null;
    }
}
