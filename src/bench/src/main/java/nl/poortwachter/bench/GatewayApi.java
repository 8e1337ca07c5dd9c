package nl.poortwachter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few gateway API calls the live bench needs: logins, users with grants, cameras, camera state and /metrics.
 * Error messages carry the status and body, never a password.
 */
final class GatewayApi {
    static final ObjectMapper JSON = new ObjectMapper();
    /** One Prometheus text line: name, optional {labels}, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    GatewayApi(String base) {
        this(base, null);
    }

    private GatewayApi(String base, String token) {
        this.base = base;
        this.token = token;
    }

    String base() {
        return base;
    }

    String token() {
        return token;
    }

    GatewayApi login(String user, String password) throws IOException, InterruptedException {
        JsonNode r = expect(200, post("/api/v1/auth/token", Map.of("username", user, "password", password)), "login of " + user);
        return new GatewayApi(base, r.path("token").asText());
    }

    /**
     * As an admin: creates a user, and as that user replaces the initial password as every new user must.
     * Returns the user's session.
     */
    GatewayApi createUser(String name, String role, List<String> grants, String password) throws IOException, InterruptedException {
        String initial = GatewayProcess.randomPassword();
        expect(201, post("/api/v1/users", Map.of("username", name, "role", role, "password", initial, "grants", grants)),
                "create user " + name);
        GatewayApi first = new GatewayApi(base).login(name, initial);
        expect(204, first.post("/api/v1/auth/password", Map.of("currentPassword", initial, "newPassword", password)),
                "password change of " + name);
        return new GatewayApi(base).login(name, password);
    }

    /** Replaces this user's page settings (e.g. the live grid's layout). */
    void setPreferences(Map<String, Object> preferences) throws IOException, InterruptedException {
        expect(200, send(request("/api/v1/auth/me/preferences").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(preferences)))), "preferences");
    }

    void addCamera(Map<String, Object> camera) throws IOException, InterruptedException {
        expect(201, post("/api/v1/cameras", camera), "add camera " + camera.get("id"));
    }

    void removeCamera(String id) throws IOException, InterruptedException {
        expect(204, send(request("/api/v1/cameras/" + id).DELETE()), "remove camera " + id);
    }

    /** The camera's {@code status} object (state, codec, width, ...), or a missing node. */
    JsonNode cameraStatus(String id) throws IOException, InterruptedException {
        HttpResponse<String> r = send(request("/api/v1/cameras/" + id).GET());
        return r.statusCode() == 200 ? JSON.readTree(r.body()).path("status") : JSON.missingNode();
    }

    /** Every camera as the API lists it (id, status, …). */
    JsonNode cameras() throws IOException, InterruptedException {
        return expect(200, send(request("/api/v1/cameras").GET()), "camera list");
    }

    /** This node's capacity report (D42): cores, budget, use, room, degraded cameras, each camera's cost and lag. */
    JsonNode capacity() throws IOException, InterruptedException {
        return expect(200, send(request("/api/v1/capacity").GET()), "capacity");
    }

    /** The camera's recordings (segments, gaps) between two instants. */
    JsonNode recordings(String id, java.time.Instant from, java.time.Instant to) throws IOException, InterruptedException {
        return expect(200, send(request("/api/v1/cameras/" + id + "/recordings?from="
                + java.net.URLEncoder.encode(from.toString(), java.nio.charset.StandardCharsets.UTF_8) + "&to="
                + java.net.URLEncoder.encode(to.toString(), java.nio.charset.StandardCharsets.UTF_8)).GET()), "recordings of " + id);
    }

    /** Every sample of /metrics, keyed {@code name{labels}} as written (e.g. {@code live_send_latency_seconds{quantile="0.5"}}). */
    Map<String, Double> metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = send(request("/metrics").GET());
        if (r.statusCode() != 200) {
            throw new IOException("/metrics: HTTP " + r.statusCode());
        }
        Map<String, Double> out = new HashMap<>();
        for (String line : r.body().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find()) {
                try {
                    out.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
                } catch (NumberFormatException ignored) {
                    // NaN written otherwise; not a figure we use
                }
            }
        }
        return out;
    }

    /** Sum of every sample of a metric whatever its labels (e.g. live_chunks_dropped_total over all cameras). */
    static double sum(Map<String, Double> metrics, String name) {
        return metrics.entrySet().stream().filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** The sample of a metric whose labels contain {@code label} (e.g. {@code quantile="0.95"}); NaN if absent. */
    static double labelled(Map<String, Double> metrics, String name, String label) {
        return metrics.entrySet().stream().filter(e -> e.getKey().startsWith(name + "{") && e.getKey().contains(label))
                .mapToDouble(Map.Entry::getValue).findFirst().orElse(Double.NaN);
    }

    private HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode expect(int status, HttpResponse<String> r, String what) throws IOException {
        if (r.statusCode() != status) {
            throw new IOException(what + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? JSON.missingNode() : JSON.readTree(r.body());
    }
}
