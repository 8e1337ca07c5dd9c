package nl.poortwachter.gateway.cameras;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.recorder.camera.LegalRegime;

/**
 * {@code GET /api/v1/regimes}: the configured legal regimes a camera may record under, with their longest retention
 * and whether only the police may play back their recordings, so that forms offer exactly what the gateway accepts.
 */
public final class RegimeRoutes {
    private final List<Map<String, Object>> regimes;

    public RegimeRoutes(Map<String, LegalRegime> configured, Set<String> policeOnly) {
        this.regimes = configured.values().stream().map(r -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", r.id());
            v.put("description", r.description());
            v.put("maxRetentionDays", r.maxRetentionDays());
            v.put("policeOnly", policeOnly.contains(r.id()));
            return v;
        }).toList();
    }

    public void register(Router router) {
        router.get("/api/v1/regimes", Access.of(Permission.AUTHENTICATED, "regime.list"),
                ex -> Future.succeededFuture(Reply.ok(regimes)));
    }
}
