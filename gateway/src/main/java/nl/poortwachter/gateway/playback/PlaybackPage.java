package nl.poortwachter.gateway.playback;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;

/**
 * The playback page ({@code /playback}, behind a login session), its scripts (the page, its timeline, players and
 * export/hold panel; the shared ones come from {@code /ui/}) and styles, and hls.js from its WebJar (Chromium has
 * no native HLS; hls.js feeds the same playlist FFmpeg reads into Media Source Extensions). Files are read from the
 * class path once; only the names below exist.
 */
public final class PlaybackPage {
    /** The WebJar's version comes from its own pom.properties, so a version bump in the pom needs no code change. */
    static final String HLS_JS = "/META-INF/resources/webjars/hls.js/" + webjarVersion() + "/dist/hls.min.js";
    /** As the UI's policy, plus media from blob: URLs, which is how MSE hands video to the element. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; media-src 'self' blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final String JS = "text/javascript; charset=utf-8";

    private final Buffer page = read("/playback/playback.html");
    private final Map<String, Buffer> assets = Map.of(
            "playback.js", read("/playback/playback.js"),
            "timeline.js", read("/playback/timeline.js"),
            "players.js", read("/playback/players.js"),
            "evidence.js", read("/playback/evidence.js"),
            "playback.css", read("/playback/playback.css"),
            "hls.min.js", read(HLS_JS));

    public void register(Router router) {
        router.get("/playback", Access.of(Permission.SELF, "ui.playback").browserPage(),
                ex -> Future.succeededFuture(Reply.of(200, "text/html; charset=utf-8", page).withHeader("Content-Security-Policy", CSP)))
                .get("/playback/assets/{file}", Access.PUBLIC, this::asset);
    }

    private Future<Reply> asset(Exchange ex) {
        String name = ex.pathParam("file");
        Buffer b = assets.get(name);
        if (b == null) {
            throw ApiException.notFound("no such file");
        }
        String type = name.endsWith(".css") ? "text/css; charset=utf-8" : JS;
        return Future.succeededFuture(Reply.of(200, type, b).withHeader("Content-Security-Policy", CSP));
    }

    private static String webjarVersion() {
        try (InputStream in = PlaybackPage.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/hls.js/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the hls.js WebJar is missing from the class path");
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Buffer read(String resource) {
        try (InputStream in = PlaybackPage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
