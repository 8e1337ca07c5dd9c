package nl.poortwachter.gateway.playback;

import io.vertx.core.Future;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.recorder.retention.ArchiveRequestException;

/** The recorder's refusals of archive requests as 400 answers naming the field; anything else passes on. */
final class ArchiveFailures {
    private ArchiveFailures() {
    }

    static Future<Reply> map(Throwable t) {
        if (t instanceof ArchiveRequestException e) {
            return Future.failedFuture(ApiException.badRequest("invalid_field", e.field(), e.getMessage()));
        }
        return Future.failedFuture(t);
    }
}
