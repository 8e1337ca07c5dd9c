package nl.poortwachter.gateway.register;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.config.RegisterSettings;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.recorder.Register;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.register.RegisterEntry;
import nl.poortwachter.recorder.register.RegisterView;

/**
 * The public register, without a login: the cameras the municipality opted to publish ({@code public}), each with
 * where it is, why, under which legal basis, who is responsible and how long footage is kept, and its vendor when the
 * municipality chose to show vendors ({@code register.publicVendor}). Built field by field from an allow-list: no
 * key, camera id, stream, address, network, serial number or credential can reach it.
 */
public final class PublicRegisterRoutes {
    public static final String PATH = "/api/v1/public/cameras";

    private final Register register;
    private final Blocking blocking;
    private final RegisterSettings settings;
    private final Map<String, LegalRegime> regimes;

    public PublicRegisterRoutes(Register register, Blocking blocking, RegisterSettings settings,
                                Map<String, LegalRegime> regimes) {
        this.register = register;
        this.blocking = blocking;
        this.settings = settings;
        this.regimes = Map.copyOf(regimes);
    }

    public void register(Router router) {
        router.get(PATH, Access.PUBLIC, this::cameras);
    }

    private Future<Reply> cameras(Exchange ex) {
        return blocking.call(() -> register.list().stream().map(RegisterView::entry)
                        .filter(e -> Boolean.TRUE.equals(e.publicListing())).map(this::published).toList())
                .map(cameras -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("responsibleBody", settings.responsibleBody());
                    body.put("count", cameras.size());
                    body.put("cameras", cameras);
                    return Reply.ok(body);
                });
    }

    private Map<String, Object> published(RegisterEntry e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("location", e.location());
        out.put("latitude", e.latitude());
        out.put("longitude", e.longitude());
        out.put("purpose", e.purpose());
        LegalRegime regime = e.legalRegime() == null ? null : regimes.get(e.legalRegime());
        out.put("legalBasis", regime == null ? null : regime.description());
        out.put("responsibleBody", responsible(e.department()));
        out.put("retentionDays", e.retentionDays());
        if (settings.publicVendor()) {
            out.put("vendor", e.vendor());
        }
        return out;
    }

    /** "Gemeente Utrecht, Openbare Orde en Veiligheid": the body, then the owning department, as far as known. */
    private String responsible(String department) {
        List<String> parts = new java.util.ArrayList<>();
        if (settings.responsibleBody() != null) {
            parts.add(settings.responsibleBody());
        }
        if (department != null) {
            parts.add(department);
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }
}
