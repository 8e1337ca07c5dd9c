package nl.poortwachter.gateway.playback;

import io.vertx.core.Future;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.recorder.playback.FootageUnavailableException;
import nl.poortwachter.recorder.retention.ArchiveRequestException;

/**
 * The recorder's refusals of archive requests as 400 answers naming the field, and footage held by a node that is down
 * as 503 {@code footage_unavailable}; anything else passes on.
 */
final class ArchiveFailures {
    private ArchiveFailures() {
    }

    static Future<Reply> map(Throwable t) {
        if (t instanceof ArchiveRequestException e) {
            return Future.failedFuture(ApiException.badRequest("invalid_field", e.field(), e.getMessage()));
        }
        if (t instanceof FootageUnavailableException e) {
            // Footage that exists on a node that is down (D77): not the client's mistake, and not a gap.
            return Future.failedFuture(new ApiException(503, "footage_unavailable", null, e.getMessage()));
        }
        return Future.failedFuture(t);
    }
}
