package nl.poortwachter.gateway.web;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.http.Reply;

/**
 * The UI's files, read from the class path ({@code /web/}) once at start-up and served from memory: no file
 * system path is ever built from a request. Only names listed in {@code /web/manifest.txt} exist, a name must be
 * a single plain segment (no {@code ..}, no slash, no percent-encoding: the router does not decode, so
 * {@code %2e%2e} is just an unknown name), and the content type comes from a fixed table by extension.
 */
public final class StaticFiles {
    /**
     * Media from blob: URLs is how Media Source Extensions hand live video to the video element; images from blob:
     * URLs are a camera test's picture, which arrives inside a JSON answer.
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:;"
            + " connect-src 'self'; media-src 'self' blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|css|js|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    private final Map<String, Buffer> files = new HashMap<>();

    public StaticFiles() {
        String manifest = new String(read("manifest.txt"), StandardCharsets.UTF_8);
        for (String line : manifest.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException("web/manifest.txt: '" + name + "' is not a plain file name");
            }
            files.put(name, Buffer.buffer(read(name)));
        }
    }

    /** The reply for {@code name}, or empty when there is no such file (the caller answers 404). */
    public Optional<Reply> reply(String name) {
        if (name == null || !NAME.matcher(name).matches() || !files.containsKey(name)) {
            return Optional.empty();
        }
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return Optional.of(Reply.of(200, TYPES.get(ext), files.get(name))
                .withHeader("Content-Security-Policy", CSP));
    }

    public java.util.Set<String> names() {
        return java.util.Set.copyOf(files.keySet());
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("/web/" + name + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
