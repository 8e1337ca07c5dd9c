package nl.poortwachter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.config.ConfigLoader;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.config.Overrides;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.LogCapture;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API against a real gateway (real Recorder, real Vert.x) on a free port with temporary storage.
 * Cameras point at 127.0.0.1:9 (discard; nothing listens), so ingest fails fast and harmlessly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayApiTest {
    private static final String CAMERAS = "/api/v1/cameras";
    private static final String SECRET = "S3cret";

    @TempDir
    static Path tmp;
    private LogCapture logs;
    private Gateway gateway;
    private Http http;
    private Http anonymous;

    @BeforeAll
    void start() throws Exception {
        logs = new LogCapture();
        GatewayConfig config = new ConfigLoader(Logins.ENV, tmp).parse(TestGateway.LOOPBACK_CAMERAS + """
                ingest:
                  connectTimeoutSeconds: 2
                  probeTimeoutSeconds: 4
                  backoffMaxSeconds: 2
                """ + Logins.FAST_AUTH, "test.yaml", null, new Overrides(0, tmp.resolve("storage"), null));
        gateway = Gateway.start(config);
        anonymous = new Http(gateway.baseUrl());
        http = Logins.user(anonymous, "integrator", "integrator", List.of());
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    private static ObjectNode camera(String id, String url) {
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("id", id);
        n.put("name", "Camera " + id);
        n.put("url", url);
        n.put("legalRegime", "gemeentewet-151c");
        return n;
    }

    private static JsonNode assertError(HttpResponse<String> r, int status, String code, String field) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode n = Http.json(r);
        assertEquals(code, n.path("error").asText(), r.body());
        if (field != null) {
            assertEquals(field, n.path("field").asText(), r.body());
        }
        return n;
    }

    private List<String> cameraIds() throws Exception {
        HttpResponse<String> r = http.get(CAMERAS);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode list = Http.json(r);
        assertTrue(list.isArray(), r.body());
        return java.util.stream.StreamSupport.stream(list.spliterator(), false).map(n -> n.path("id").asText()).toList();
    }

    @Test
    void badUrlsAreRefusedAndNothingIsStored() throws Exception {
        List<String> before = cameraIds();
        String[] urls = {"file:/etc/passwd", "http://x", "concat:a|b", "subfile:,,start,0,end,0,,:/etc/passwd",
                "lavfi:testsrc", "pipe:0", "data:text/plain;base64,SGVsbG8=", "relative/path", "rtsp://host/with space",
                "rtsp://host/\u0001", "rtsp:///nohost", "rtsp://host/x#frag", "", "rtsp://u:p@host/x\nfile:/etc/passwd"};
        for (int i = 0; i < urls.length; i++) {
            HttpResponse<String> r = http.post(CAMERAS, camera("bad-" + i, urls[i]));
            assertError(r, 400, "invalid_field", "url");
        }
        assertError(http.post(CAMERAS, Map.of("id", "bad-x", "name", "x", "legalRegime", "gemeentewet-151c")),
                400, "invalid_field", "url");
        assertEquals(before, cameraIds(), "nothing may be stored after a refused camera");
    }

    @Test
    void strictJsonThroughTheCameraEndpoint() throws Exception {
        List<String> before = cameraIds();
        assertError(http.post(CAMERAS, "{\"id\": \"j\", \"name\": \"x\", "), 400, "malformed_json", null);
        assertError(http.post(CAMERAS, "{\"id\": \"j\", \"name\": \"x\", \"retention\": 3}"), 400, "unknown_field",
                "retention");
        ObjectNode wrong = camera("j", "rtsp://127.0.0.1:9/x");
        wrong.put("retentionDays", "abc");
        assertError(http.post(CAMERAS, wrong), 400, "wrong_type", "retentionDays");
        ObjectNode yes = camera("j", "rtsp://127.0.0.1:9/x");
        yes.put("recording", "yes");
        assertError(http.post(CAMERAS, yes), 400, "wrong_type", "recording");
        ObjectNode noName = camera("j", "rtsp://127.0.0.1:9/x");
        noName.remove("name");
        noName.remove("id");
        assertError(http.post(CAMERAS, noName), 400, "invalid_field", "name");
        ObjectNode noRegime = camera("j", "rtsp://127.0.0.1:9/x");
        noRegime.remove("legalRegime");
        assertError(http.post(CAMERAS, noRegime), 400, "invalid_field", "legalRegime");
        ObjectNode tooLong = camera("j", "rtsp://127.0.0.1:9/x");
        tooLong.put("retentionDays", 29);
        assertError(http.post(CAMERAS, tooLong), 400, "invalid_field", "retentionDays");
        assertError(http.send(http.request(CAMERAS).header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(camera("j", "rtsp://h/x").toString()))),
                415, "unsupported_media_type", null);
        assertEquals(before, cameraIds(), "nothing may be stored after a refused camera");
    }

    @Test
    void health() throws Exception {
        HttpResponse<String> r = anonymous.get("/health");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode n = Http.json(r);
        assertEquals("UP", n.path("status").asText());
        assertTrue(n.path("storage").path("ok").asBoolean(), r.body());
        assertTrue(n.path("database").path("ok").asBoolean(), r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
    }

    @Test
    void metrics() throws Exception {
        http.get("/health");
        HttpResponse<String> r = http.get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(r.body().contains("jvm_memory_used_bytes"), "JVM metrics");
        assertTrue(r.body().contains("jvm_threads_live_threads"), "thread metrics");
        assertTrue(r.body().contains("process_uptime_seconds"), "uptime metrics");
        assertTrue(r.body().contains("system_cpu_count"), "processor metrics");
        assertTrue(r.body().contains("\nlog_lines_dropped_total 0.0\n"), "log lines lost to a slow stdout");
        assertTrue(r.body().contains("http_server_requests_seconds_count{method=\"GET\",route=\"/health\",status=\"200\"}"),
                "HTTP metrics by route");
    }

    // The API document (served, parsed, every route described, answers matching): http/OpenApiDocumentTest.

    @Test
    void cameraCrud() throws Exception {
        ObjectNode cam = camera("crud-1", "rtsp://127.0.0.1:9/stream");
        cam.put("retentionDays", 14);
        HttpResponse<String> created = http.post(CAMERAS, cam);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("/api/v1/cameras/crud-1", created.headers().firstValue("Location").orElse(null));
        JsonNode view = Http.json(created);
        assertEquals("crud-1", view.path("id").asText());
        assertEquals(14, view.path("retentionDays").asInt());
        assertTrue(view.path("recording").asBoolean());
        assertEquals("tcp", view.path("transport").asText());
        assertFalse(view.has("credentials"), "no credentials: field left out");
        assertFalse(view.has("password"));
        assertTrue(view.path("status").path("state").isTextual(), created.body());
        // Instants are ISO-8601 strings.
        Instant.parse(view.path("status").path("since").asText());

        assertTrue(cameraIds().contains("crud-1"));
        HttpResponse<String> one = http.get(CAMERAS + "/crud-1");
        assertEquals(200, one.statusCode());
        assertEquals("Camera crud-1", Http.json(one).path("name").asText());

        assertError(http.post(CAMERAS, cam), 409, "camera_exists", "id");

        ObjectNode replacement = camera("crud-1", "rtsp://127.0.0.1:9/other");
        replacement.put("name", "Renamed");
        replacement.put("recording", false);
        HttpResponse<String> put = http.put(CAMERAS + "/crud-1", replacement);
        assertEquals(200, put.statusCode(), put.body());
        JsonNode updated = Http.json(put);
        assertEquals("Renamed", updated.path("name").asText());
        assertEquals("rtsp://127.0.0.1:9/other", updated.path("url").asText());
        assertEquals(28, updated.path("retentionDays").asInt(), "full replacement: retention back to default");
        assertFalse(updated.path("recording").asBoolean());

        replacement.remove("id");
        assertEquals(200, http.put(CAMERAS + "/crud-1", replacement).statusCode(), "id may be left out");
        replacement.put("id", "other-id");
        assertError(http.put(CAMERAS + "/crud-1", replacement), 400, "invalid_field", "id");
        assertError(http.put(CAMERAS + "/nope", camera("nope", "rtsp://127.0.0.1:9/x")), 404, "not_found", null);

        HttpResponse<String> deleted = http.delete(CAMERAS + "/crud-1");
        assertEquals(204, deleted.statusCode());
        assertEquals("", deleted.body());
        assertError(http.get(CAMERAS + "/crud-1"), 404, "not_found", null);
        assertError(http.delete(CAMERAS + "/crud-1"), 404, "not_found", null);
        assertFalse(cameraIds().contains("crud-1"));
    }

    @Test
    void unknownCamerasAre404() throws Exception {
        assertError(http.get(CAMERAS + "/nope"), 404, "not_found", null);
        assertError(http.delete(CAMERAS + "/nope"), 404, "not_found", null);
        assertError(http.post(CAMERAS + "/nope/probe", ""), 404, "not_found", null);
        assertError(http.get(CAMERAS + "/nope/recordings"), 404, "not_found", null);
        assertError(http.get(CAMERAS + "/NOT%20AN%20ID"), 404, "not_found", null);
        assertError(http.get("/api/v1/nothing"), 404, "not_found", null);
        HttpResponse<String> wrong = http.send(http.request(CAMERAS).DELETE());
        assertError(wrong, 405, "method_not_allowed", null);
        assertEquals("GET, HEAD, POST", wrong.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void probeOfAnUnreachableCameraIs200WithProblem() throws Exception {
        ObjectNode cam = camera("probe-1", "rtsp://127.0.0.1:9/stream");
        cam.put("recording", false);
        assertEquals(201, http.post(CAMERAS, cam).statusCode());
        HttpResponse<String> r = http.post(CAMERAS + "/probe-1/probe", "");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode n = Http.json(r);
        assertFalse(n.path("ok").asBoolean(), r.body());
        assertTrue(n.path("problem").isTextual(), r.body());
        assertTrue(n.has("elapsedMillis"), r.body());
        assertEquals(204, http.delete(CAMERAS + "/probe-1").statusCode());
    }

    @Test
    void recordingsRangeValidation() throws Exception {
        ObjectNode cam = camera("rec-1", "rtsp://127.0.0.1:9/stream");
        cam.put("recording", false);
        assertEquals(201, http.post(CAMERAS, cam).statusCode());
        HttpResponse<String> r = http.get(CAMERAS + "/rec-1/recordings");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode t = Http.json(r);
        assertEquals("rec-1", t.path("cameraId").asText());
        Instant from = Instant.parse(t.path("from").asText());
        Instant to = Instant.parse(t.path("to").asText());
        assertEquals(3600, to.getEpochSecond() - from.getEpochSecond());
        assertTrue(t.path("segments").isArray());
        assertTrue(t.path("gaps").isArray());

        assertEquals(200, http.get(CAMERAS + "/rec-1/recordings?from=2026-01-01T10:00:00%2B01:00&to=2026-01-01T12:00:00Z")
                .statusCode());
        assertError(http.get(CAMERAS + "/rec-1/recordings?from=yesterday"), 400, "invalid_parameter", "from");
        assertError(http.get(CAMERAS + "/rec-1/recordings?to=2026-13-01T00:00:00Z"), 400, "invalid_parameter", "to");
        assertError(http.get(CAMERAS + "/rec-1/recordings?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"),
                400, "invalid_parameter", "from");
        assertError(http.get(CAMERAS + "/rec-1/recordings?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z"),
                400, "invalid_parameter", "to");
        assertEquals(204, http.delete(CAMERAS + "/rec-1").statusCode());
    }

    @Test
    void passwordsNeverLeaveTheGateway() throws Exception {
        ObjectNode withFields = camera("secret-1", "rtsp://127.0.0.1:9/a");
        withFields.put("username", "u");
        withFields.put("password", "S3cret!pw");
        ObjectNode inUrl = camera("secret-2", "rtsp://u:S3cret%21pw@127.0.0.1:9/x");

        for (ObjectNode cam : List.of(withFields, inUrl)) {
            String id = cam.path("id").asText();
            HttpResponse<String> created = http.post(CAMERAS, cam);
            assertEquals(201, created.statusCode(), created.body());
            JsonNode view = Http.json(created);
            assertEquals("***", view.path("credentials").asText(), created.body());
            assertFalse(view.has("username"), "the username is not returned either");
            http.get(CAMERAS + "/" + id);
            http.get(CAMERAS);
            http.post(CAMERAS + "/" + id + "/probe", "");
            http.get(CAMERAS + "/" + id + "/recordings");
            // An update without a password keeps it.
            ObjectNode update = cam.deepCopy();
            update.remove("password");
            update.put("url", "rtsp://127.0.0.1:9/updated");
            if (!update.has("username")) {
                update.put("username", "u");
            }
            HttpResponse<String> put = http.put(CAMERAS + "/" + id, update);
            assertEquals(200, put.statusCode(), put.body());
            assertEquals("***", Http.json(put).path("credentials").asText(), "credentials kept: " + put.body());
        }
        // Refusals must not echo the secret either.
        ObjectNode both = camera("secret-3", "rtsp://u:S3cret%21pw@127.0.0.1:9/x");
        both.put("username", "u");
        assertError(http.post(CAMERAS, both), 400, "invalid_field", null);
        assertError(http.post(CAMERAS, "{\"id\": \"secret-4\", \"password\": \"S3cret!pw\" \"x\"}"), 400,
                "malformed_json", null);
        ObjectNode badType = camera("secret-5", "rtsp://127.0.0.1:9/x");
        badType.put("password", 12345);
        badType.put("username", "S3cretUser");
        assertError(http.post(CAMERAS, badType), 400, "wrong_type", "password");
        http.get("/metrics");
        HttpResponse<String> last = http.get("/health");

        // What the checks below look in must be there first: both cameras' failed connection attempts (an error
        // names the camera's address) and the line of the last request.
        logs.awaitLine("msg=\"camera.error\"", "camera=secret-1");
        logs.awaitLine("msg=\"camera.error\"", "camera=secret-2");
        logs.awaitRequestLine(last);
        assertFalse(http.transcript().contains(SECRET), "a response contains the password:\n" + http.transcript());
        assertFalse(logs.formatted().contains(SECRET), "the log contains the password:\n" + logs.formatted());
        assertFalse(logs.formatted().contains("S3cret%21pw"));
        assertEquals(204, http.delete(CAMERAS + "/secret-1").statusCode());
        assertEquals(204, http.delete(CAMERAS + "/secret-2").statusCode());
    }

    @Test
    void everyRequestIsLoggedOnOneLineWithoutQueryOrBody() throws Exception {
        HttpResponse<String> r = http.get(CAMERAS + "/nope/recordings?from=2026-01-01T00:00:00Z&token=abc");
        String line = logs.awaitRequestLine(r);
        assertTrue(line.contains(" INFO  gateway.http msg=\"request\" method=GET path=/api/v1/cameras/nope/recordings "
                + "status=" + r.statusCode() + " ms="), line);
        assertTrue(line.contains(" client=127.0.0.1 "), line);
        assertFalse(logs.formatted().contains("token=abc"), "query strings are not logged");
    }
}
