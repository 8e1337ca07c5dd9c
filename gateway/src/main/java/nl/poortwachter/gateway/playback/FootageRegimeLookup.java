package nl.poortwachter.gateway.playback;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import nl.poortwachter.gateway.auth.routes.FootageRegimes;
import nl.poortwachter.gateway.cameras.TimeRange;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.recorder.CameraView;
import nl.poortwachter.recorder.Recorder;

/**
 * Finds the legal regimes a footage request is judged by, from the recorder's index: the footage of the range the
 * request concerns carries the regime it was recorded under (docs/decisions.md D47), so a camera whose regime was
 * changed since does not change who may see its older footage, and a range across the change needs the stricter
 * right. Where the range holds no footage (or the route names none) the camera's current regime decides, as before.
 */
public final class FootageRegimeLookup implements FootageRegimes {
    private final Recorder recorder;
    private final Blocking blocking;
    private final Clock clock;

    public FootageRegimeLookup(Recorder recorder, Blocking blocking, Clock clock) {
        this.recorder = recorder;
        this.blocking = blocking;
        this.clock = clock;
    }

    @Override
    public Future<Collection<String>> of(Exchange ex, Access access, String cameraId) {
        return switch (access.footage()) {
            case CAMERA -> blocking.call(() -> current(cameraId));
            case SEGMENT -> blocking.call(() -> segmentId(ex) == null ? current(cameraId)
                    : recorder.archive().segmentRegime(cameraId, segmentId(ex)).<Collection<String>>map(Set::of)
                    .orElseGet(() -> current(cameraId)));
            case QUERY_RANGE -> {
                TimeRange range = rangeOf(ex);
                yield blocking.call(() -> range == null ? current(cameraId) : regimes(cameraId, range.from(), range.to()));
            }
            case EXPORT -> blocking.call(() -> recorder.archive().export(ex.pathParam("export"))
                    .filter(e -> e.cameraId().equals(cameraId))
                    .map(e -> regimes(cameraId, e.from(), e.to())).orElseGet(() -> current(cameraId)));
            case HOLD -> blocking.call(() -> holdId(ex) == null ? current(cameraId)
                    : recorder.archive().holds().hold(holdId(ex)).filter(h -> h.cameraId().equals(cameraId))
                    .map(h -> regimes(cameraId, h.from(), h.to())).orElseGet(() -> current(cameraId)));
        };
    }

    /**
     * The regimes of the footage in [from, to), or the camera's current one when there is none (worker thread): what
     * access is judged by, and what a delivery's processing-log lines name (D87).
     */
    public Collection<String> regimes(String cameraId, Instant from, Instant to) {
        Set<String> found = recorder.archive().footageRegimes(cameraId, from, to);
        return found.isEmpty() ? current(cameraId) : found;
    }

    private Collection<String> current(String cameraId) {
        return recorder.camera(cameraId).map(CameraView::legalRegime).map(Set::of).orElse(Set.of());
    }

    /** The range as the endpoints read it; null when it is malformed (the endpoint then answers 400 itself). */
    private TimeRange rangeOf(Exchange ex) {
        try {
            return TimeRange.parse(ex.query("from"), ex.query("to"), clock.instant());
        } catch (ApiException e) {
            return null;
        }
    }

    /** The segment id of a media file name ({@code 42.mp4}), or null. */
    private static Long segmentId(Exchange ex) {
        java.util.regex.Matcher m = PlaybackRoutes.MEDIA.matcher(ex.pathParam("file"));
        return m.matches() ? Long.parseLong(m.group(1)) : null;
    }

    private static Long holdId(Exchange ex) {
        try {
            return Long.parseLong(ex.pathParam("hold"));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
