package nl.poortwachter.gateway.web;

import io.vertx.core.Future;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;

/**
 * The browser UI: {@code /login} and {@code /setup} (the first start, D55) are public; {@code /} (home: what you may
 * do), {@code /audit} (the auditor's page), {@code /live} (camera grid), {@code /camera?id=} (one camera),
 * {@code /cameras} (the integrator's camera list and forms), {@code /admin} (users, grants, login sessions, policy
 * overrides), {@code /status} (health), the camera register ({@code /register}, its import, the council overview)
 * and ONVIF discovery ({@code /onvif}) are behind a login session: without one, the browser is sent to the login
 * page. The public register ({@code /register/public}) needs no login. {@code /ui/{file}} holds
 * the styles and scripts, public because the login page needs them and they hold nothing but code.
 * Pages only show; what they load comes from the API, which checks every call on its own.
 */
public final class WebRoutes {
    private final StaticFiles files;

    public WebRoutes(StaticFiles files) {
        this.files = files;
    }

    public void register(Router router) {
        router.get("/login", Access.PUBLIC, ex -> page("login.html"))
                .get("/", Access.of(Permission.SELF, "ui.home").browserPage(), ex -> page("index.html"))
                .get("/audit", Access.of(Permission.SELF, "ui.audit").browserPage(), ex -> page("audit.html"))
                .get("/live", Access.of(Permission.SELF, "ui.live").browserPage(), ex -> page("live.html"))
                .get("/camera", Access.of(Permission.SELF, "ui.camera").browserPage(), ex -> page("camera.html"))
                .get("/setup", Access.PUBLIC, ex -> page("setup.html"))
                .get("/cameras", Access.of(Permission.SELF, "ui.cameras").browserPage(), ex -> page("cameras.html"))
                .get("/admin", Access.of(Permission.SELF, "ui.admin").browserPage(), ex -> page("admin.html"))
                .get("/status", Access.of(Permission.SELF, "ui.status").browserPage(), ex -> page("status.html"))
                .get("/register", Access.of(Permission.SELF, "ui.register").browserPage(), ex -> page("register.html"))
                .get("/register/import", Access.of(Permission.SELF, "ui.register").browserPage(),
                        ex -> page("register-import.html"))
                .get("/register/overview", Access.of(Permission.SELF, "ui.register").browserPage(),
                        ex -> page("register-overview.html"))
                .get("/register/public", Access.PUBLIC, ex -> page("register-public.html"))
                .get("/onvif", Access.of(Permission.SELF, "ui.onvif").browserPage(), ex -> page("onvif.html"))
                .get("/ui/{file}", Access.PUBLIC, this::asset);
    }

    private Future<Reply> page(String name) {
        return Future.succeededFuture(files.reply(name).orElseThrow());
    }

    private Future<Reply> asset(Exchange ex) {
        String name = ex.pathParam("file");
        if (name.endsWith(".html")) {
            // Pages have their own routes (and access rules); they are not reachable as assets.
            throw ApiException.notFound("no such file");
        }
        return Future.succeededFuture(files.reply(name).orElseThrow(() -> ApiException.notFound("no such file")));
    }
}
