package nl.poortwachter.gateway.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.testing.AuditTrail;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.RawHttp;
import nl.poortwachter.gateway.testing.RegisterImports;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The register through the API as an integrator, an auditor and the public use it: importing Utrecht's inventory,
 * files that must be refused whole, edits with their history in the audit log, exports and the public list that
 * never carry a stream or a credential.
 */
class RegisterApiTest {
    private static final String ENTRIES = "/api/v1/register/entries";
    /** Distinctive, so that a search of whole outputs finds them wherever they would leak. */
    private static final String CAMERA_USER = "cam-gebruiker-x7";
    private static final String CAMERA_PASSWORD = "Camera-Wachtwoord-Geheim-77";

    @TempDir
    Path tmp;
    private Gateway gateway;
    private Http anonymous;
    private Http integrator;
    private AuditTrail audit;

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(tmp, "register:\n  publicVendor: true\n  responsibleBody: Gemeente Utrecht\n");
        anonymous = new Http(gateway.baseUrl());
        integrator = Logins.user(anonymous, "integrator", "integrator", List.of());
        audit = new AuditTrail(Logins.user(anonymous, "auditor", "auditor", List.of()));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private JsonNode entries(Http as, String query) throws Exception {
        HttpResponse<String> r = as.get(ENTRIES + query);
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r).path("entries");
    }

    private List<String> registerEntries(long afterSeq) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode e : audit.entriesAfter(afterSeq)) {
            if (e.path("action").asText().startsWith("register.")) {
                out.add(e.path("action").asText() + " " + e.path("objectId").asText("") + " " + e.path("result").asText());
            }
        }
        return out;
    }

    @Test
    void utrechtsInventoryImportsAs22EntriesAndAgainWithoutChangeAndTheDryRunChangesNothing() throws Exception {
        byte[] file = RegisterImports.utrecht();
        long seq = audit.lastSeq();
        JsonNode plan = RegisterImports.dryRun(integrator, file, Map.of());
        assertEquals("windows-1252", plan.path("encoding").asText());
        assertEquals(";", plan.path("separator").asText());
        assertEquals(22, plan.path("counts").path("create").asInt(), plan.toString());
        assertEquals(0, plan.path("counts").path("problems").asInt(), plan.toString());
        assertTrue(plan.path("applicable").asBoolean());
        assertEquals(0, entries(integrator, "").size(), "the dry run changed nothing");
        assertEquals(List.of(), registerEntries(seq), "nor wrote any register entry to the audit log");

        HttpResponse<String> applied = RegisterImports.apply(integrator, file, plan.path("plan").asText(), Map.of());
        assertEquals(200, applied.statusCode(), applied.body());
        assertEquals(22, Http.json(applied).path("applied").asInt());
        JsonNode all = entries(integrator, "");
        assertEquals(22, all.size());
        JsonNode cafe = entries(integrator, "?q=cafe+de+poort").get(0);
        assertEquals("Café De Poort, terras", cafe.path("description").asText());
        assertEquals("Janskerkhof", cafe.path("location").asText());
        assertEquals("to_connect", cafe.path("state").asText());
        List<String> history = registerEntries(seq);
        assertEquals(23, history.size(), history::toString);
        assertTrue(history.contains("register.create janskerkhof--cafe-de-poort-terras ok"), history::toString);
        assertEquals("register.import  ok", history.get(22));

        long again = audit.lastSeq();
        JsonNode second = RegisterImports.imported(integrator, file);
        assertEquals(22, second.path("counts").path("unchanged").asInt(), second.toString());
        assertEquals(0, second.path("applied").asInt());
        assertEquals(all, entries(integrator, ""), "re-importing changed nothing");
        assertEquals(List.of("register.import  ok"), registerEntries(again), "only the import itself is logged");

        // Filters: vendor, network, state, text (accents and case do not matter).
        assertEquals(10, entries(integrator, "?vendor=dahua").size());
        assertEquals(8, entries(integrator, "?network=open").size());
        assertEquals(22, entries(integrator, "?state=to_connect").size());
        assertEquals(2, entries(integrator, "?q=PELIKAANSTRAAT").size());
        assertEquals(400, integrator.get(ENTRIES + "?network=wifi").statusCode());
    }

    /** Each file is refused whole: clear problems with line and column, and nothing applied even with its token. */
    @Test
    void badFilesGetClearProblemsAndNothingIsApplied() throws Exception {
        Map<String, String> expected = Map.of(
                "Omschrijving;Leverancier\nParkeerterrein;Dahua\n",
                "line 1: required column 'Locatie (straat)' ('Location (street)') is missing;",
                "Locatie;Camera type\nNeude;Bullet\n",
                "line 1, column 2 (Camera type): unknown column 'Camera type': map it to one of",
                "Kenmerk;Locatie\nA-1;Neude\nA-1;Vredenburg\n",
                "line 3, column 1 (Kenmerk): duplicate key 'A-1': line 2 has it too",
                "Locatie;RTSP-URL\nNeude;http://10.20.1.5/stream\n",
                "line 2, column 2 (RTSP-URL): ");
        for (Map.Entry<String, String> bad : expected.entrySet()) {
            byte[] file = bad.getKey().getBytes(StandardCharsets.UTF_8);
            JsonNode plan = RegisterImports.dryRun(integrator, file, Map.of());
            assertFalse(plan.path("applicable").asBoolean(), bad.getKey());
            String problems = plan.path("problems").toString();
            assertTrue(problems.contains(bad.getValue()), bad.getKey() + " → " + problems);
            HttpResponse<String> refused = RegisterImports.apply(integrator, file, plan.path("plan").asText(), Map.of());
            assertEquals(422, refused.statusCode(), refused.body());
            assertEquals("the file has problems; nothing was applied", Http.json(refused).path("message").asText());
        }
        JsonNode url = RegisterImports.dryRun(integrator, "Locatie;RTSP-URL\nNeude;http://10.20.1.5/stream\n"
                .getBytes(StandardCharsets.UTF_8), Map.of()).path("problems").get(0);
        assertEquals(2, url.path("line").asInt());
        assertEquals("rtspUrl", url.path("field").asText());
        assertTrue(url.path("message").asText().contains("rtsp://"), url.toString());

        // Broken encoding: 0x81 is neither UTF-8 here nor a character of Windows-1252.
        byte[] broken = "Locatie;Omschrijving\nNeude;Caf\u0081 terras\n".getBytes(StandardCharsets.ISO_8859_1);
        JsonNode encoding = RegisterImports.dryRun(integrator, broken, Map.of());
        assertEquals(2, encoding.path("problems").get(0).path("line").asInt(), encoding.toString());
        assertTrue(encoding.path("problems").get(0).path("message").asText().contains("encoding"), encoding.toString());
        assertEquals(422, RegisterImports.apply(integrator, broken, encoding.path("plan").asText(), Map.of()).statusCode());

        // The unknown column, mapped: the mapping step makes the same file importable.
        byte[] typed = "Locatie;Camera type\nNeude;Bullet\n".getBytes(StandardCharsets.UTF_8);
        JsonNode unmapped = RegisterImports.dryRun(integrator, typed, Map.of());
        assertEquals("Camera type", unmapped.path("unknownColumns").get(0).path("name").asText());
        assertTrue(unmapped.path("fields").toString().contains("\"model\""));
        JsonNode mapped = RegisterImports.dryRun(integrator, typed, Map.of("Camera type", "model"));
        assertTrue(mapped.path("applicable").asBoolean(), mapped.toString());
        assertEquals(0, entries(integrator, "").size(), "nothing of any bad file was applied");

        // A 50 MB file: refused from its declared size, before a byte of it is read (the client waits for 100 Continue).
        String token = Logins.token(anonymous, "integrator", Logins.password("integrator"));
        RawHttp.Response tooLarge = new RawHttp(gateway.port()).announce(RegisterImports.DRY_RUN,
                Map.of("Authorization", "Bearer " + token, "Content-Type", "text/csv"), 50L * 1024 * 1024);
        assertEquals(413, tooLarge.status(), tooLarge.body());
        assertEquals("the file is 50.0 MiB; an import takes at most 10.0 MiB",
                Http.JSON.readTree(tooLarge.body()).path("message").asText());
        assertEquals(0, entries(integrator, "").size());
    }

    @Test
    void aPlanIsAppliedOnlyAsItWasShown() throws Exception {
        byte[] file = RegisterImports.utrecht();
        JsonNode plan = RegisterImports.dryRun(integrator, file, Map.of());
        ObjectNode sneak = Http.JSON.createObjectNode().put("key", "neude--uitgaansgebied-terrassen").put("location", "Neude");
        assertEquals(201, integrator.post(ENTRIES, sneak).statusCode());
        HttpResponse<String> stale = RegisterImports.apply(integrator, file, plan.path("plan").asText(), Map.of());
        assertEquals(409, stale.statusCode(), stale.body());
        JsonNode fresh = Http.json(stale);
        assertEquals(21, fresh.path("counts").path("create").asInt());
        assertEquals(1, fresh.path("counts").path("problems").asInt(), "the new plan shows what the file now does");
        assertTrue(fresh.path("problems").get(0).path("message").asText().contains("is already another entry's"), fresh.toString());
        assertEquals(1, entries(integrator, "").size(), "nothing applied");
    }

    @Test
    void editsAreCheckedAndTheirChangedFieldsLogged() throws Exception {
        RegisterImports.imported(integrator, RegisterImports.utrecht());
        JsonNode neude = entries(integrator, "?q=neude").get(0);
        String path = ENTRIES + "/" + neude.path("id").asText();
        ObjectNode changed = ((ObjectNode) neude.deepCopy()).put("purpose", "Openbare orde en veiligheid")
                .put("legalRegime", "gemeentewet-151c").put("public", true).put("retentionDays", 99);
        HttpResponse<String> tooLong = integrator.put(path, changed);
        assertEquals(400, tooLong.statusCode(), tooLong.body());
        assertEquals("retentionDays", Http.json(tooLong).path("problems").get(0).path("field").asText());

        long seq = audit.lastSeq();
        HttpResponse<String> ok = integrator.put(path, changed.put("retentionDays", 14));
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(14, Http.json(ok).path("retentionDays").asInt());
        List<JsonNode> logged = audit.entriesAfter(seq);
        assertEquals(1, logged.size(), logged::toString);
        assertEquals("register.update", logged.get(0).path("action").asText());
        assertEquals("register", logged.get(0).path("objectType").asText());
        assertEquals("purpose=\"Openbare orde en veiligheid\" legalRegime=\"gemeentewet-151c\" retentionDays=\"14\""
                + " public=\"true\"", logged.get(0).path("detail").asText());
        assertEquals(200, integrator.put(path, changed).statusCode());
        assertEquals(1, audit.entriesAfter(seq).size(), "an edit that changes nothing writes nothing");
        // The remaining filters: legal basis and public, alone and together with text.
        assertEquals(List.of(neude.path("id").asLong()), ids(entries(integrator, "?regime=gemeentewet-151c")));
        assertEquals(List.of(neude.path("id").asLong()), ids(entries(integrator, "?public=true&q=neude")));
        assertEquals(21, entries(integrator, "?public=false").size());
        assertEquals(400, integrator.get(ENTRIES + "?public=ja").statusCode());

        // Auditors read, never write; the public reads only the public list.
        assertEquals(200, audit.auditor().get(path).statusCode());
        assertEquals(403, audit.auditor().put(path, changed).statusCode());
        assertEquals(401, anonymous.get(ENTRIES).statusCode());
        long beforeDelete = audit.lastSeq();
        assertEquals(204, integrator.delete(path).statusCode());
        assertEquals(404, integrator.get(path).statusCode());
        assertEquals(List.of("register.delete " + neude.path("key").asText() + " ok"), registerEntries(beforeDelete),
                "the deletion is in the entry's history, by its key");
    }

    private static List<Long> ids(JsonNode entries) {
        List<Long> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.path("id").asLong()));
        return out;
    }

    @Test
    void anEntryToConnectBecomesACameraAndAConnectionThatFailsIsLoggedAsSuch() throws Exception {
        ObjectNode entry = Http.JSON.createObjectNode().put("key", "NEU-1").put("location", "Neude")
                .put("purpose", "Toezicht uitgaansgebied");
        HttpResponse<String> created = integrator.post(ENTRIES, entry);
        assertEquals(201, created.statusCode(), created.body());
        String connect = ENTRIES + "/" + Http.json(created).path("id").asText() + "/connect";
        ObjectNode camera = Http.JSON.createObjectNode().put("id", "neude-1").put("url", "rtsp://127.0.0.1:9/neude")
                .put("recording", false);

        long seq = audit.lastSeq();
        HttpResponse<String> noRegime = integrator.post(connect, camera);
        assertEquals(400, noRegime.statusCode(), noRegime.body());
        assertEquals("legalRegime", Http.json(noRegime).path("field").asText());
        List<String> logged = new ArrayList<>();
        for (JsonNode e : audit.entriesAfter(seq)) {
            logged.add(e.path("action").asText() + " " + e.path("objectId").asText("") + " " + e.path("result").asText());
        }
        assertEquals(List.of("register.update NEU-1 ok", "register.update NEU-1 error", "camera.create neude-1 failed"), logged,
                "the connection's entry, its correction, and the camera that could not be made");
        assertEquals("to_connect", entries(integrator, "?q=NEU-1").get(0).path("state").asText());

        HttpResponse<String> ok = integrator.post(connect, camera.put("legalRegime", "gemeentewet-151c"));
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("neude-1", Http.json(ok).path("cameraId").asText());
        JsonNode made = Http.json(integrator.get("/api/v1/cameras/neude-1"));
        assertEquals("Neude", made.path("location").asText(), "from the entry");
        assertEquals("Toezicht uitgaansgebied", made.path("purpose").asText());
        assertEquals(1, entries(integrator, "").size(), "the camera's own entry gave way to the one it connects");
    }

    /**
     * A camera with credentials and formula-like text: neither the URL nor any part of the credentials appears in any
     * export or in the public list (asserted on the whole output), and formula cells are neutralised.
     */
    @Test
    void exportsAndThePublicListCarryNoStreamOrCredentialAndNeutraliseFormulas() throws Exception {
        ObjectNode camera = Http.JSON.createObjectNode().put("id", "neude-1").put("name", "Neude")
                .put("url", "rtsp://10.20.1.15:554/Streaming/Channels/101").put("username", CAMERA_USER)
                .put("password", CAMERA_PASSWORD).put("legalRegime", "gemeentewet-151c").put("vendor", "Hikvision")
                .put("location", "Neude").put("recording", false);
        assertEquals(201, integrator.post("/api/v1/cameras", camera).statusCode());
        JsonNode entry = entries(integrator, "?q=neude-1").get(0);
        assertEquals("neude-1", entry.path("cameraId").asText());
        ObjectNode edited = ((ObjectNode) entry.deepCopy()).put("public", true).put("purpose", "Toezicht uitgaansgebied")
                .put("description", "=HYPERLINK(\"http://evil.example\";\"klik\")").put("department", "@SUM(A1:A9)")
                .put("firmware", "+31 build").put("serialNumber", "-2+3+cmd|' /C calc'!A0");
        assertEquals(200, integrator.put(ENTRIES + "/" + entry.path("id").asText(), edited).statusCode());
        RegisterImports.imported(integrator, RegisterImports.utrecht());
        // A row whose stream carries the credentials: refused, and its message does not repeat them.
        JsonNode withCredentials = RegisterImports.dryRun(integrator, ("Locatie;RTSP-URL\nNeude 2;rtsp://" + CAMERA_USER + ":"
                + CAMERA_PASSWORD + "@10.20.1.16/stream\n").getBytes(StandardCharsets.UTF_8), Map.of());
        assertFalse(withCredentials.path("applicable").asBoolean());
        assertTrue(withCredentials.path("problems").get(0).path("message").asText().contains("no credentials"),
                withCredentials.toString());
        assertFalse(withCredentials.toString().contains(CAMERA_USER) || withCredentials.toString().contains(CAMERA_PASSWORD),
                withCredentials::toString);

        List<String> outputs = new ArrayList<>();
        for (String format : List.of("csv", "csv-en", "json")) {
            HttpResponse<String> r = audit.auditor().get("/api/v1/register/export?format=" + format);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment; filename=\"cameraregister-"));
            outputs.add(r.body());
        }
        HttpResponse<String> published = anonymous.get("/api/v1/public/cameras");
        assertEquals(200, published.statusCode());
        outputs.add(published.body());
        HttpResponse<String> page = anonymous.get("/register/public");
        assertEquals(200, page.statusCode());
        outputs.add(page.body());
        outputs.add(audit.entriesAfter(0).toString()); // the register's history: every create and change, no secret
        for (String out : outputs) {
            for (String secret : List.of("rtsp", "10.20.1.15", "Streaming/Channels", CAMERA_USER, CAMERA_PASSWORD)) {
                assertFalse(out.toLowerCase().contains(secret.toLowerCase()), "'" + secret + "' in: " + out);
            }
        }
        String dutch = outputs.get(0);
        assertTrue(dutch.contains(";\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"klik\"\")\";"), dutch);
        assertTrue(dutch.contains(";'@SUM(A1:A9);"), dutch);
        assertTrue(dutch.contains(";'+31 build;'-2+3+cmd|' /C calc'!A0;"), dutch);
        for (String line : dutch.split("\r?\n")) {
            for (String cell : line.split(";")) {
                assertFalse(cell.startsWith("=") || cell.startsWith("@") || cell.startsWith("+") || cell.startsWith("-"),
                        "formula cell: " + line);
            }
        }
        // The council overview (auditors read it; the public does not): the connected camera, never seen, is listed.
        HttpResponse<String> overviewResponse = audit.auditor().get("/api/v1/register/overview");
        assertEquals(200, overviewResponse.statusCode(), overviewResponse.body());
        JsonNode overview = Http.json(overviewResponse);
        assertEquals(23, overview.path("entries").asInt());
        assertEquals(1, overview.path("connected").asInt());
        assertEquals("{\"name\":\"Hikvision\",\"count\":13}", overview.path("byVendor").get(0).toString());
        Map<String, Integer> modes = new java.util.TreeMap<>();
        overview.path("byMode").forEach(m -> modes.put(m.path("name").asText(), m.path("count").asInt()));
        assertEquals(Map.of("sanitized", 1, "to_connect", 22), modes);
        assertEquals("neude-1", overview.path("notSeenRecently").get(0).path("cameraId").asText(), overview.toString());
        assertEquals(401, anonymous.get("/api/v1/register/overview").statusCode());

        JsonNode pub = Http.json(published);
        assertEquals(1, pub.path("count").asInt(), "only the camera that opted in");
        JsonNode shown = pub.path("cameras").get(0);
        assertEquals("Neude", shown.path("location").asText());
        assertEquals("Toezicht uitgaansgebied", shown.path("purpose").asText());
        assertTrue(shown.path("legalBasis").asText().contains("151c"), shown.toString());
        assertEquals("Gemeente Utrecht, @SUM(A1:A9)", shown.path("responsibleBody").asText());
        assertEquals("Hikvision", shown.path("vendor").asText(), "register.publicVendor: true");
        List<String> names = new ArrayList<>();
        shown.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("location", "purpose", "legalBasis", "responsibleBody", "retentionDays", "vendor"), names,
                "what is known of it, from the allow-list (no coordinates were given; nulls are left out)");
    }
}
