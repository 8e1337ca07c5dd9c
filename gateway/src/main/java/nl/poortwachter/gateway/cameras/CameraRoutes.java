package nl.poortwachter.gateway.cameras;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.recorder.CameraView;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.camera.CameraSpec;

/**
 * The camera API under /api/v1/cameras: what an integrator uses to add, test, edit and remove cameras.
 * Validation of the camera itself is the recorder's (one rule set for API and config file); this class checks
 * only what is about HTTP: the body's shape, the path id, the time range.
 */
public final class CameraRoutes {
    public static final String BASE = "/api/v1/cameras";
    /** Same shape as the recorder's camera ids; anything else cannot name a camera, so it is a 404 without asking. */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final Recorder recorder;
    private final Blocking blocking;
    private final Clock clock;

    public CameraRoutes(Recorder recorder, Blocking blocking, Clock clock) {
        this.recorder = recorder;
        this.blocking = blocking;
        this.clock = clock;
    }

    public void register(Router router) {
        router.get(BASE, this::list)
                .post(BASE, this::create)
                .get(BASE + "/{id}", this::get)
                .put(BASE + "/{id}", this::replace)
                .delete(BASE + "/{id}", this::remove)
                .post(BASE + "/{id}/probe", this::probe)
                .get(BASE + "/{id}/recordings", this::recordings);
    }

    private Future<Reply> list(Exchange ex) {
        return blocking.call(recorder::cameras).map(Reply::ok);
    }

    private Future<Reply> get(Exchange ex) {
        String id = id(ex);
        return blocking.call(() -> recorder.camera(id)).map(found -> found.map(Reply::ok)
                .orElseThrow(() -> noSuchCamera(id)));
    }

    private Future<Reply> create(Exchange ex) {
        return ex.readJson(CameraSpec.class)
                .compose(spec -> blocking.call(() -> recorder.addCamera(spec)))
                .map(view -> Reply.json(201, view).withHeader("Location", BASE + "/" + view.id()));
    }

    /** Full replacement; a missing password keeps the stored one, since GET never returns it to send back. */
    private Future<Reply> replace(Exchange ex) {
        String id = id(ex);
        return ex.readJson(CameraSpec.class)
                .map(spec -> {
                    if (spec.id() != null && !spec.id().equals(id)) {
                        throw ApiException.badRequest("invalid_field", "id",
                                "the id in the body must match the id in the path (or be left out); "
                                        + "a camera cannot be renamed");
                    }
                    return spec.withId(id);
                })
                .compose(spec -> blocking.<CameraView>call(() -> recorder.updateCamera(id, spec)))
                .map(Reply::ok);
    }

    private Future<Reply> remove(Exchange ex) {
        String id = id(ex);
        return blocking.call(() -> {
            recorder.removeCamera(id);
            return Reply.noContent();
        });
    }

    /** A failed probe is still a 200: the probe worked, the camera did not, and the body says why. */
    private Future<Reply> probe(Exchange ex) {
        String id = id(ex);
        return blocking.call(() -> recorder.probe(id)).map(Reply::ok);
    }

    private Future<Reply> recordings(Exchange ex) {
        String id = id(ex);
        TimeRange range = TimeRange.parse(ex.query("from"), ex.query("to"), clock.instant());
        return blocking.call(() -> recorder.recordings(id, range.from(), range.to())).map(Reply::ok);
    }

    private static String id(Exchange ex) {
        String id = ex.pathParam("id");
        if (!ID.matcher(id).matches()) {
            throw noSuchCamera(id);
        }
        return id;
    }

    private static ApiException noSuchCamera(String id) {
        // The id is echoed only when it has the shape of an id: a path segment is attacker-chosen text.
        return ApiException.notFound(ID.matcher(id).matches() ? "no camera with id '" + id + "'" : "no such camera");
    }
}
