package nl.poortwachter.gateway.auth.routes;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.auth.PreferenceStore;
import nl.poortwachter.gateway.auth.PreferenceStore.Preferences;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;

/**
 * {@code GET} / {@code PUT /api/v1/auth/me/preferences}: the logged-in user's own page settings
 * ({@link PreferenceStore}). A PUT replaces them all; a setting left out (or null) returns to the page's default.
 * Cameras are named by id and need not be granted (grants change; the page shows only what the user may see).
 */
public final class PreferenceRoutes {
    static final String PATH = "/api/v1/auth/me/preferences";
    static final Set<Integer> LAYOUTS = Set.of(1, 4, 9, 16);
    static final int MAX_CAMERAS = 256;
    /** A camera id as the recorder allows it. */
    private static final Pattern CAMERA_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final PreferenceStore store;
    private final Blocking blocking;
    private final Clock clock;

    public PreferenceRoutes(PreferenceStore store, Blocking blocking, Clock clock) {
        this.store = store;
        this.blocking = blocking;
        this.clock = clock;
    }

    public void register(Router router) {
        router.get(PATH, Access.of(Permission.AUTHENTICATED, "auth.preferences"), this::get)
                .put(PATH, Access.of(Permission.AUTHENTICATED, "auth.preferences"), this::put);
    }

    private Future<Reply> get(Exchange ex) {
        String user = ex.principal().userId();
        return blocking.call(() -> Reply.ok(store.get(user)));
    }

    private Future<Reply> put(Exchange ex) {
        String user = ex.principal().userId();
        return ex.readJson(Preferences.class).map(PreferenceRoutes::checked)
                .compose(p -> blocking.call(() -> {
                    store.put(user, p, clock.millis());
                    return Reply.ok(p);
                }));
    }

    static Preferences checked(Preferences p) {
        if (p.liveLayout() != null && !LAYOUTS.contains(p.liveLayout())) {
            throw ApiException.badRequest("invalid_field", "liveLayout", "'liveLayout' must be 1, 4, 9 or 16");
        }
        List<String> cameras = p.liveCameras();
        if (cameras != null) {
            if (cameras.size() > MAX_CAMERAS) {
                throw ApiException.badRequest("invalid_field", "liveCameras", "at most " + MAX_CAMERAS + " cameras");
            }
            Set<String> seen = new HashSet<>();
            for (String id : cameras) {
                if (id == null || !CAMERA_ID.matcher(id).matches() || !seen.add(id)) {
                    throw ApiException.badRequest("invalid_field", "liveCameras",
                            "'liveCameras' must be distinct camera ids (a-z, 0-9, '-')");
                }
            }
        }
        return p;
    }
}
