package nl.poortwachter.gateway.health;

import io.vertx.core.Future;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.recorder.Recorder;

/**
 * GET /api/v1/capacity: what the box can do and does (docs/decisions.md D42): cores, the share the cameras may use,
 * what is used, the room left, per camera its cost, lag and state, and what one more camera would cost. For those
 * who may read the metrics (admin, integrator), also when the metrics are public: it names the cameras.
 */
public final class CapacityRoutes {
    private final Recorder recorder;
    private final Blocking blocking;

    public CapacityRoutes(Recorder recorder, Blocking blocking) {
        this.recorder = recorder;
        this.blocking = blocking;
    }

    public void register(Router router) {
        router.get("/api/v1/capacity", Access.of(Permission.METRICS, "capacity.read"), this::capacity);
    }

    private Future<Reply> capacity(Exchange ex) {
        return blocking.call(() -> Reply.ok(recorder.capacity().report()));
    }
}
