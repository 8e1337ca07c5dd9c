package nl.poortwachter.gateway.audit.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auditor's search text, the processing log's export and the signing key's fingerprint through the API, and a
 * refusal's reason in its body: what the auditor's and operator's pages rely on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditSearchTest {
    @TempDir
    static Path tmp;
    private Gateway gateway;
    private Http auditor;
    private Http operator;

    @BeforeAll
    void start() throws Exception {
        gateway = TestGateway.start(tmp, "");
        Http http = new Http(gateway.baseUrl());
        Http integrator = Logins.user(http, "ina", "integrator", List.of());
        assertEquals(201, integrator.post("/api/v1/cameras", TestGateway.camera("markt", "gemeentewet-151c")).statusCode());
        assertEquals(201, integrator.post("/api/v1/cameras", TestGateway.camera("gate", "avg-building-security")).statusCode());
        assertEquals(200, integrator.post("/api/v1/cameras/gate/probe", "").statusCode()); // fails: a processing line
        operator = Logins.user(http, "dir_k", "operator", List.of("markt"));
        Logins.user(http, "dirxk", "operator", List.of());
        auditor = Logins.user(http, "anne", "auditor", List.of());
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private List<JsonNode> entries(String query) throws Exception {
        HttpResponse<String> r = auditor.get("/api/v1/audit/entries?limit=1000&" + query);
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> out = new ArrayList<>();
        Http.json(r).path("entries").forEach(out::add);
        return out;
    }

    private static String q(String text) {
        return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void theSearchTextMatchesAnyFieldIgnoringCaseAndItsWildcardsAreLiteral() throws Exception {
        List<JsonNode> created = entries(q("USER.CREATE"));
        assertEquals(5, created.size(), "the first admin and four users (ina, dir_k, dirxk, anne), upper case typed: " + created);
        assertTrue(created.stream().allMatch(e -> e.path("action").asText().equals("user.create")));

        // '_' is a wildcard in LIKE: here it is only itself, so dirxk's entries do not match.
        List<JsonNode> underscore = entries(q("dir_k"));
        assertFalse(underscore.isEmpty());
        assertTrue(underscore.stream().noneMatch(e -> e.toString().contains("dirxk")), underscore.toString());
        assertTrue(entries(q("%")).isEmpty(), "'%' is a character, not 'anything'");

        // In the detail field too, and combined with the other filters.
        List<JsonNode> probes = entries(q("camera.probe") + "&camera=gate");
        assertFalse(probes.isEmpty());
        assertTrue(entries(q("no such text anywhere")).isEmpty());

        HttpResponse<String> tooLong = auditor.get("/api/v1/audit/entries?" + q("x".repeat(201)));
        assertEquals(400, tooLong.statusCode());
        assertEquals("q", Http.json(tooLong).path("field").asText());

        // The export of what is filtered holds exactly what the search finds.
        HttpResponse<String> csv = auditor.get("/api/v1/audit/export?format=csv&" + q("user.create"));
        assertEquals(200, csv.statusCode());
        assertEquals(1 + created.size(), csv.body().strip().lines().count(), csv.body());
    }

    @Test
    void theProcessingLogIsSearchedAndExportedAndTheExportIsAudited() throws Exception {
        HttpResponse<String> lines = auditor.get("/api/v1/audit/processing?" + q("CAMERA.PROBE"));
        assertEquals(200, lines.statusCode());
        JsonNode probe = Http.json(lines);
        assertEquals(1, probe.size(), probe.toString());
        assertEquals("Error", probe.get(0).path("status").asText());
        assertEquals(0, Http.json(auditor.get("/api/v1/audit/processing?" + q("live.view"))).size());

        HttpResponse<String> csv = auditor.get("/api/v1/audit/processing/export?format=csv&" + q("camera.probe"));
        assertEquals(200, csv.statusCode());
        List<String> rows = csv.body().strip().lines().toList();
        assertEquals(2, rows.size(), csv.body());
        assertTrue(rows.get(0).startsWith("trace_id,span_id,parent_span_id,name,status,start_time"), rows.get(0));
        assertTrue(rows.get(1).contains("camera.probe") && rows.get(1).contains("gate"), rows.get(1));
        assertEquals("1", csv.headers().firstValue("X-Audit-Entries").orElseThrow());
        HttpResponse<String> json = auditor.get("/api/v1/audit/processing/export?format=json&" + q("camera.probe"));
        assertEquals("camera.probe", Http.json(json).get(0).path("name").asText());

        List<JsonNode> exports = entries("action=audit.export");
        assertTrue(exports.stream().anyMatch(e -> e.path("detail").asText().equals("log=processing format=csv entries=1")),
                exports.toString());
        assertEquals(403, operator.get("/api/v1/audit/processing/export").statusCode());
    }

    @Test
    void theSigningKeyIsNamedByItsFingerprint() throws Exception {
        JsonNode key = Http.json(auditor.get("/api/v1/audit/signing-key"));
        String pem = auditor.get("/api/v1/audit/public-key").body();
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").strip());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        assertEquals(Map.of("algorithm", "Ed25519", "keyId", sha.substring(0, 16), "sha256", sha),
                Map.of("algorithm", key.path("algorithm").asText(), "keyId", key.path("keyId").asText(),
                        "sha256", key.path("sha256").asText()));
    }

    @Test
    void aRefusalSaysWhy() throws Exception {
        assertReason(operator.get("/api/v1/cameras/gate"), "no_grant");
        assertReason(operator.get("/api/v1/cameras/markt/playback.m3u8?purpose=controle"), "police_only_regime");
        assertReason(auditor.get("/api/v1/cameras"), "role");
        // The audit log's denied entry records the same reason.
        List<JsonNode> denied = entries("result=denied&user=dir_k");
        assertTrue(denied.stream().anyMatch(e -> e.path("detail").asText().contains("police_only_regime")), denied.toString());
    }

    private static void assertReason(HttpResponse<String> r, String reason) throws Exception {
        assertEquals(403, r.statusCode(), r.body());
        JsonNode body = Http.json(r);
        assertEquals("forbidden", body.path("error").asText());
        assertEquals(reason, body.path("reason").asText(), r.body());
    }
}
