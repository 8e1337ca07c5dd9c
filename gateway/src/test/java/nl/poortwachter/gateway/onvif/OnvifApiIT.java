package nl.poortwachter.gateway.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.testing.AuditTrail;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.RegisterImports;
import nl.poortwachter.gateway.testing.TestGateway;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.OnvifSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONVIF through the API, against the device simulator (Hikvision- and Dahua-like firmware on their own loopback
 * addresses) and the RTSP simulator behind it: discovery inside the camera networks, a wrong password, a device that
 * points outside, a wrong clock, and a discovered camera added in one step that then records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnvifApiIT {
    @TempDir
    static Path tmp;
    private CameraSimulator rtsp;
    private OnvifSimulator hikvision;
    private OnvifSimulator dahua;
    private OnvifSimulator elsewhere;
    private Gateway gateway;
    private Http integrator;
    private AuditTrail audit;

    @BeforeAll
    void start() throws Exception {
        rtsp = CameraSimulator.start();
        String subnet = OnvifSimulator.randomSubnet();
        hikvision = OnvifSimulator.start(subnet, 11, "hikvision", rtsp);
        dahua = OnvifSimulator.start(subnet, 21, "dahua", rtsp);
        elsewhere = OnvifSimulator.start(subnet, 41, "dahua", rtsp, "--xaddr-host", "192.0.2.44");
        gateway = TestGateway.start(tmp, "recording: {segmentSeconds: 2}\n"
                + "cameraNetworks: [" + subnet + ".0/24, 127.0.0.1/32]\n"
                + "passthrough: {allowVendors: [HIKVISION]}\n"
                + "onvif:\n  timeoutSeconds: 3\n  discovery: {multicast: false, sweep: [" + subnet + ".0/24], listenMillis: 1500}\n");
        Http anonymous = new Http(gateway.baseUrl());
        integrator = Logins.user(anonymous, "integrator", "integrator", List.of());
        audit = new AuditTrail(Logins.user(anonymous, "auditor", "auditor", List.of()));
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {hikvision, dahua, elsewhere, rtsp}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static JsonNode device(JsonNode discovery, OnvifSimulator sim) {
        for (JsonNode d : discovery.path("devices")) {
            if (d.path("endpoint").asText().equals(sim.endpoint())) {
                return d;
            }
        }
        throw new AssertionError(sim.endpoint() + " not found: " + discovery);
    }

    private JsonNode discover() throws Exception {
        HttpResponse<String> r = integrator.post("/api/v1/onvif/discover", "");
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r);
    }

    @Test
    void aDiscoveredCameraIsAddedInOneStepAndRecordsThroughTheStreamItsDeviceGave() throws Exception {
        JsonNode found = discover();
        assertEquals(254, found.path("probesSent").asInt());
        JsonNode hik = device(found, hikvision);
        assertEquals(hikvision.deviceService().toString(), hik.path("deviceService").asText());
        assertEquals("HIKVISION DS-2CD2143G2-I", hik.path("name").asText());
        assertEquals("IPC-HDW3441T-ZAS", device(found, dahua).path("hardware").asText());

        long seq = audit.lastSeq();
        ObjectNode add = Http.JSON.createObjectNode().put("deviceService", hik.path("deviceService").asText())
                .put("username", OnvifSimulator.USER).put("password", OnvifSimulator.PASSWORD)
                .put("profileToken", "Profile_2").put("id", "vredenburg-1").put("location", "Vredenburg")
                .put("purpose", "Toezicht plein").put("legalRegime", "avg-building-security").put("mode", "passthrough");
        HttpResponse<String> added = integrator.post("/api/v1/onvif/add", add);
        assertEquals(201, added.statusCode(), added.body());
        JsonNode body = Http.json(added);
        assertEquals(rtsp.url("/small"), body.path("camera").path("url").asText(), "the stream the device gave");
        assertEquals("***", body.path("camera").path("credentials").asText());
        assertEquals("HIKVISION", body.path("camera").path("vendor").asText());
        JsonNode entry = body.path("entry");
        assertEquals("vredenburg-1", entry.path("cameraId").asText());
        assertEquals("DS-2CD2143G2-I", entry.path("model").asText());
        assertEquals("V5.7.3 build 220112", entry.path("firmware").asText());
        assertEquals("DS-2CD2143G2-I20220315AAWRJ12345678", entry.path("serialNumber").asText());
        assertEquals("passthrough", entry.path("mode").asText());
        assertFalse(body.path("clock").path("wrong").asBoolean(), body.toString());

        // It records: segments of the camera appear in the index.
        Instant from = Instant.now().minusSeconds(60);
        JsonNode segments = Await.value(Duration.ofSeconds(60), "a recording from the ONVIF stream", () -> {
            HttpResponse<String> r = integrator.get("/api/v1/cameras/vredenburg-1/recordings?from=" + from + "&to="
                    + Instant.now().plusSeconds(60));
            assertEquals(200, r.statusCode(), r.body());
            JsonNode recorded = Http.json(r).path("segments");
            return recorded.isEmpty() ? null : recorded;
        });
        assertEquals(640, segments.get(0).path("width").asInt());

        // The history: the device asked, the camera created, the register filled; no credential anywhere.
        List<String> actions = new ArrayList<>();
        for (JsonNode e : audit.entriesAfter(seq)) {
            actions.add(e.path("action").asText() + " " + e.path("result").asText());
            assertFalse(e.toString().contains(OnvifSimulator.PASSWORD), e.toString());
        }
        assertTrue(actions.containsAll(List.of("onvif.inspect ok", "camera.create ok", "register.update ok")), actions::toString);
        assertFalse(integrator.transcript().contains(OnvifSimulator.PASSWORD), "a response showed the ONVIF password");
    }

    @Test
    void aDeviceCanConnectARegisterEntryToConnect() throws Exception {
        JsonNode plan = RegisterImports.imported(integrator, "Locatie;Omschrijving;Grondslag\nMariaplaats;Plein;avg-building-security\n"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(1, plan.path("applied").asInt());
        JsonNode entry = Http.json(integrator.get("/api/v1/register/entries?q=mariaplaats")).path("entries").get(0);
        ObjectNode add = Http.JSON.createObjectNode().put("deviceService", dahua.deviceService().toString())
                .put("username", OnvifSimulator.USER).put("password", OnvifSimulator.PASSWORD)
                .put("profileToken", "MediaProfile01").put("id", "mariaplaats-1").put("recording", false)
                .put("registerEntry", entry.path("id").asLong());
        HttpResponse<String> added = integrator.post("/api/v1/onvif/add", add);
        assertEquals(201, added.statusCode(), added.body());
        JsonNode connected = Http.json(added).path("entry");
        assertEquals(entry.path("id").asLong(), connected.path("id").asLong(), "the entry itself, now connected");
        assertEquals("mariaplaats-1", connected.path("cameraId").asText());
        assertEquals("Plein", connected.path("description").asText());
        assertEquals("Dahua", connected.path("vendor").asText());
        assertEquals("7E0A1B2PAZ12345", connected.path("serialNumber").asText());
        JsonNode camera = Http.json(added).path("camera");
        assertEquals("Mariaplaats", camera.path("location").asText(), "from the entry");
        assertEquals("avg-building-security", camera.path("legalRegime").asText(), "from the entry");
    }

    @Test
    void aWrongPasswordIsAClearProblemAndChangesNothing() throws Exception {
        HttpResponse<String> r = integrator.post("/api/v1/onvif/inspect", Map.of("deviceService",
                dahua.deviceService().toString(), "username", OnvifSimulator.USER, "password", "Verkeerd-wachtwoord-1"));
        assertEquals(422, r.statusCode(), r.body());
        assertEquals("auth_failed", Http.json(r).path("error").asText());
        assertEquals("authentication failed (check the ONVIF username and password)", Http.json(r).path("message").asText());
        HttpResponse<String> add = integrator.post("/api/v1/onvif/add", Map.of("deviceService",
                hikvision.deviceService().toString(), "username", OnvifSimulator.USER, "password", "Verkeerd-wachtwoord-1",
                "location", "Neude", "legalRegime", "avg-building-security", "id", "never-added"));
        assertEquals(422, add.statusCode(), add.body());
        assertEquals(404, integrator.get("/api/v1/cameras/never-added").statusCode());
        assertFalse(integrator.transcript().contains("Verkeerd-wachtwoord-1"));
    }

    @Test
    void anAnswerPointingOutsideTheCameraNetworksIsIgnoredAndSaidWhy() throws Exception {
        JsonNode found = discover();
        for (JsonNode d : found.path("devices")) {
            assertFalse(d.path("endpoint").asText().equals(elsewhere.endpoint()), "followed: " + d);
        }
        JsonNode ignored = null;
        for (JsonNode i : found.path("ignored")) {
            if (i.path("endpoint").asText().equals(elsewhere.endpoint())) {
                ignored = i;
            }
        }
        assertTrue(ignored != null, found::toString);
        assertEquals(elsewhere.address(), ignored.path("from").asText());
        assertTrue(ignored.path("reason").asText().contains("192.0.2.44"), ignored.toString());
        // Nor is it asked directly: the gateway does not go outside the camera networks.
        HttpResponse<String> outside = integrator.post("/api/v1/onvif/inspect", Map.of("deviceService",
                "http://192.0.2.44/onvif/device_service", "username", OnvifSimulator.USER, "password", OnvifSimulator.PASSWORD));
        assertEquals(422, outside.statusCode());
        assertEquals("outside_networks", Http.json(outside).path("error").asText());
        // Nor the gateway itself, though loopback is inside the networks here: the cameras' address policy holds.
        HttpResponse<String> self = integrator.post("/api/v1/onvif/inspect", Map.of("deviceService",
                "http://127.0.0.1:" + gateway.port() + "/onvif/device_service", "username", OnvifSimulator.USER,
                "password", OnvifSimulator.PASSWORD));
        assertEquals(422, self.statusCode(), self.body());
        assertEquals("outside_networks", Http.json(self).path("error").asText());
        assertTrue(Http.json(self).path("message").asText().endsWith("is this gateway itself (port " + gateway.port() + ")"),
                self.body());
    }

    @Test
    void aCameraWithAWrongClockIsReportedWithItsOffset() throws Exception {
        try (OnvifSimulator skewed = OnvifSimulator.start(hikvision.address().substring(0,
                hikvision.address().lastIndexOf('.')), 61, "dahua", rtsp, "--clock-offset", "3600")) {
            HttpResponse<String> r = integrator.post("/api/v1/onvif/inspect", Map.of("deviceService",
                    skewed.deviceService().toString(), "username", OnvifSimulator.USER, "password", OnvifSimulator.PASSWORD));
            assertEquals(200, r.statusCode(), r.body());
            JsonNode clock = Http.json(r).path("clock");
            assertTrue(clock.path("wrong").asBoolean(), clock.toString());
            assertTrue(Math.abs(clock.path("offsetSeconds").asDouble() - 3600) <= 2, clock.toString());
            assertEquals("Dahua", Http.json(r).path("information").path("manufacturer").asText());
        }
    }
}
