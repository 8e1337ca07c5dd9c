package nl.poortwachter.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nl.poortwachter.recorder.NoSuchCameraException;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.InvalidCameraException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP layer on a real Vert.x server with stand-in endpoints: routing, headers, body limits, JSON errors. */
class ApiServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Vertx vertx;
    private static ApiServer server;
    private static int port;
    private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = new Router()
                .get("/things", ex -> Future.succeededFuture(Reply.ok(Map.of("things", 0))))
                .post("/things", ex -> ex.readJson(CameraSpec.class)
                        .map(spec -> Reply.json(201, Map.of("name", String.valueOf(spec.name())))))
                .get("/things/{id}", ex -> Future.succeededFuture(Reply.ok(Map.of("id", ex.pathParam("id")))))
                .get("/boom", ex -> {
                    throw new IllegalStateException("internal detail that must not leak");
                })
                .get("/missing", ex -> Future.failedFuture(new NoSuchCameraException("x")))
                .get("/invalid", ex -> Future.failedFuture(new InvalidCameraException("url", "must start with rtsp://")))
                .get("/query", ex -> Future.succeededFuture(Reply.ok(Map.of("q", String.valueOf(ex.query("q"))))));
        server = new ApiServer(vertx, router, null);
        port = server.listen("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private static HttpResponse<String> postJson(String path, String body) throws Exception {
        return send(req(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode error(HttpResponse<String> r, int status, String code) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode n = JSON.readTree(r.body());
        assertEquals(code, n.path("error").asText(), r.body());
        assertTrue(n.path("message").isTextual(), r.body());
        return n;
    }

    private static void assertCommonHeaders(HttpResponse<?> r) {
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null), r.uri().toString());
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), r.uri().toString());
    }

    @Test
    void okResponseHasSecurityHeaders() throws Exception {
        HttpResponse<String> r = send(req("/things"));
        assertEquals(200, r.statusCode());
        assertCommonHeaders(r);
        assertNotNull(r.headers().firstValue("X-Request-Id").orElse(null));
        assertEquals("{\"things\":0}", r.body());
    }

    @Test
    void unknownPathIs404Json() throws Exception {
        HttpResponse<String> r = send(req("/nope"));
        JsonNode n = error(r, 404, "not_found");
        assertFalse(n.has("field"), "field is left out when there is none");
        assertCommonHeaders(r);
        error(send(req("/things/")), 404, "not_found");
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> r = send(req("/things").DELETE());
        error(r, 405, "method_not_allowed");
        assertEquals("GET, HEAD, POST", r.headers().firstValue("Allow").orElse(null));
        assertCommonHeaders(r);
    }

    @Test
    void optionsListsMethods() throws Exception {
        HttpResponse<String> r = send(req("/things").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, r.statusCode());
        assertEquals("GET, HEAD, POST, OPTIONS", r.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void pathParameter() throws Exception {
        assertEquals("{\"id\":\"abc\"}", send(req("/things/abc")).body());
    }

    @Test
    void postWithJson() throws Exception {
        HttpResponse<String> r = postJson("/things", "{\"name\": \"Markt\"}");
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("{\"name\":\"Markt\"}", r.body());
        HttpResponse<String> charset = send(req("/things").header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"é\"}")));
        assertEquals(201, charset.statusCode(), charset.body());
        assertEquals("{\"name\":\"é\"}", charset.body());
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        error(send(req("/things").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"x\"}"))), 415, "unsupported_media_type");
        error(send(req("/things").POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"x\"}"))), 415,
                "unsupported_media_type");
        error(send(req("/things").header("Content-Type", "application/json; charset=latin1")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))), 415, "unsupported_media_type");
        // The connection was closed because the body was not read; the next request still works.
        assertEquals(200, send(req("/things")).statusCode());
    }

    @Test
    void tooLargeBodyIs413() throws Exception {
        String big = "{\"name\": \"" + "x".repeat(Exchange.MAX_BODY_BYTES) + "\"}";
        HttpResponse<String> r = postJson("/things", big);
        error(r, 413, "payload_too_large");
        assertCommonHeaders(r);
        assertEquals(200, send(req("/things")).statusCode());
    }

    @Test
    void tooLargeChunkedBodyIs413() throws Exception {
        byte[] big = ("{\"name\": \"" + "x".repeat(Exchange.MAX_BODY_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        // An InputStream publisher has no known length, so the client sends it chunked.
        HttpResponse<String> r = send(req("/things").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        error(r, 413, "payload_too_large");
    }

    @Test
    void chunkedBodyWithinLimitIsRead() throws Exception {
        byte[] body = "{\"name\": \"chunked\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = send(req("/things").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertEquals(201, r.statusCode(), r.body());
    }

    @Test
    void malformedJson() throws Exception {
        JsonNode n = error(postJson("/things", "{\"name\": }"), 400, "malformed_json");
        assertEquals("malformed JSON at line 1 column 10", n.path("message").asText());
        error(postJson("/things", ""), 400, "malformed_json");
    }

    @Test
    void unknownFieldNamed() throws Exception {
        JsonNode n = error(postJson("/things", "{\"name\": \"x\", \"nmae\": \"y\"}"), 400, "unknown_field");
        assertEquals("nmae", n.path("field").asText());
    }

    @Test
    void wrongTypeNamed() throws Exception {
        assertEquals("retentionDays", error(postJson("/things", "{\"retentionDays\": \"abc\"}"), 400, "wrong_type")
                .path("field").asText());
        assertEquals("recording", error(postJson("/things", "{\"recording\": \"yes\"}"), 400, "wrong_type")
                .path("field").asText());
    }

    @Test
    void internalErrorsDoNotLeakDetails() throws Exception {
        HttpResponse<String> r = send(req("/boom"));
        JsonNode n = error(r, 500, "internal_error");
        assertFalse(r.body().contains("internal detail"), r.body());
        assertTrue(n.path("message").asText().contains(r.headers().firstValue("X-Request-Id").orElseThrow()));
        assertCommonHeaders(r);
    }

    @Test
    void recorderExceptionsAreMapped() throws Exception {
        error(send(req("/missing")), 404, "not_found");
        assertEquals("url", error(send(req("/invalid")), 400, "invalid_field").path("field").asText());
    }

    @Test
    void repeatedQueryParameterIsRefused() throws Exception {
        assertEquals("{\"q\":\"1\"}", send(req("/query?q=1")).body());
        assertEquals("q", error(send(req("/query?q=1&q=2")), 400, "invalid_parameter").path("field").asText());
        // java.net.URI refuses to build this URL, so it goes over a plain socket.
        String raw = rawRequest("GET /query?q=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(raw.startsWith("HTTP/1.1 400"), raw);
        assertTrue(raw.contains("\"error\":\"invalid_parameter\""), raw);
    }

    private static String rawRequest(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void headReturnsNoBody() throws Exception {
        HttpResponse<String> r = send(req("/things").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, r.statusCode());
        assertEquals("", r.body());
    }

    @Test
    void unparseableRequestGetsJsonErrorWithHeaders() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.matches("(?s)HTTP/1\\.[01] 414 .*"), response);
            assertTrue(response.toLowerCase().contains("cache-control: no-store"), response);
            assertTrue(response.contains("\"error\":\"uri_too_long\""), response);
        }
    }

    @Test
    void keepAliveSurvivesA404WithABody() throws Exception {
        // Unread bodies must not be mistaken for the next request on the same connection.
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            String body = "GET /things HTTP/1.1\r\nHost: x\r\n\r\n";
            out.write(("POST /nope HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 404"), response);
            assertFalse(response.contains("\"things\""), "the body was run as a request: " + response);
        }
    }
}
