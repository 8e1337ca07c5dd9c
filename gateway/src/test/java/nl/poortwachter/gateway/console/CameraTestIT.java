package nl.poortwachter.gateway.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.testing.AuditTrail;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Testing a camera before it is saved, against the simulator: the probe judges each mode (MJPEG records in transcode,
 * not in passthrough), and hands back a real picture; a running camera's still comes from its own feed (the camera
 * keeps one RTSP session) with its privacy mask burnt in; both are in the audit and processing logs.
 */
class CameraTestIT {
    private static final String MJPEG = "/mjpeg";

    @TempDir
    Path tmp;

    @Test
    void probeJudgesEachModeAndPicturesShowWhatIsRecorded() throws Exception {
        try (CameraSimulator sim = CameraSimulator.start();
             Gateway gateway = TestGateway.start(tmp, "recording: {segmentSeconds: 2}\n")) {
            Http anonymous = new Http(gateway.baseUrl());
            Http integrator = Logins.user(anonymous, "ina", "integrator", List.of());
            AuditTrail trail = new AuditTrail(Logins.user(anonymous, "audrey", "auditor", List.of()));

            // An MJPEG camera, not saved: fine in transcode (the default), not in passthrough.
            HttpResponse<String> r = integrator.post("/api/v1/cameras/probe", Map.of("url", sim.url(MJPEG),
                    "legalRegime", "avg-building-security"));
            assertEquals(200, r.statusCode(), r.body());
            JsonNode test = Http.json(r);
            JsonNode probe = test.path("probe");
            assertTrue(probe.path("ok").asBoolean(), r.body());
            assertEquals("mjpeg", probe.path("codec").asText());
            assertEquals("transcode", probe.path("mode").asText());
            assertTrue(probe.path("modes").path("transcode").asBoolean());
            assertFalse(probe.path("modes").path("passthrough").asBoolean());
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(
                    Base64.getDecoder().decode(test.path("picture").path("data").asText())));
            assertEquals(640, picture.getWidth(), "the camera's own size");
            assertEquals(360, picture.getHeight());
            assertEquals("image/jpeg", test.path("picture").path("contentType").asText());

            JsonNode passthrough = Http.json(integrator.post("/api/v1/cameras/probe?picture=false",
                    Map.of("url", sim.url(MJPEG), "mode", "passthrough"))).path("probe");
            assertFalse(passthrough.path("ok").asBoolean());
            assertEquals("unsupported_codec", passthrough.path("problem").asText());
            assertTrue(passthrough.path("message").asText().contains("transcode"), passthrough.toString());

            // Saved in transcode, the camera's own probe no longer calls MJPEG unsupported.
            Map<String, Object> mjpeg = new HashMap<>(TestGateway.camera("mjpeg", "avg-building-security"));
            mjpeg.put("url", sim.url(MJPEG));
            assertEquals(201, integrator.post("/api/v1/cameras", mjpeg).statusCode());
            JsonNode saved = Http.json(integrator.post("/api/v1/cameras/mjpeg/probe", ""));
            assertTrue(saved.path("ok").asBoolean(), saved.toString());
            assertEquals(409, integrator.get("/api/v1/cameras/mjpeg/picture").statusCode(), "not recording: no picture");

            // A running camera with a black mask over its top-left quarter: the still has it, as the recording does.
            Map<String, Object> hal = new HashMap<>(TestGateway.camera("hal", "avg-building-security"));
            hal.put("url", sim.url(CameraSimulator.SMALL));
            hal.put("recording", true);
            hal.put("masks", List.of(Map.of("rect", List.of(0.0, 0.0, 0.5, 0.5), "fill", "solid", "color", "#000000")));
            assertEquals(201, integrator.post("/api/v1/cameras", hal).statusCode());
            waitForStreaming(integrator, "hal");
            long before = trail.lastSeq();
            HttpResponse<byte[]> still = integrator.getBytes("/api/v1/cameras/hal/picture");
            assertEquals(200, still.statusCode());
            assertEquals("image/jpeg", still.headers().firstValue("Content-Type").orElse(""));
            assertEquals("no-store", still.headers().firstValue("Cache-Control").orElse(""));
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(still.body()));
            int w = img.getWidth();
            int h = img.getHeight();
            assertEquals(640, w);
            int brightOutside = 0;
            for (int i = 1; i < 10; i++) {
                assertTrue(luma(img.getRGB(w * i / 22, h * i / 22)) < 40, "masked pixel " + i + " is black");
                brightOutside += luma(img.getRGB(w / 2 + w * i / 22, h / 2 + h * i / 22 - 1)) > 60 ? 1 : 0;
            }
            assertTrue(brightOutside > 0, "the rest of the picture is the camera's");
            // The simulator writes its session counts every half second: our own RTSP reader streams well within
            // that after connecting, so wait until the counts show the recording's session at all.
            Await.until(java.time.Duration.ofSeconds(5), "the simulator's counts showing the recording's session",
                    () -> sim.stats().path("per_mount").path(CameraSimulator.SMALL).asInt() > 0);
            assertEquals(1, sim.freshStats().path("per_mount").path(CameraSimulator.SMALL).asInt(),
                    "the still came from the gateway's own session: no second RTSP session");

            List<JsonNode> entries = trail.entriesAfter(before);
            assertEquals("camera.picture", entries.get(0).path("action").asText(), entries.toString());
            assertEquals("hal", entries.get(0).path("objectId").asText());
            assertEquals("ina", entries.get(0).path("actorName").asText());
            JsonNode processing = Http.json(trail.auditor().get("/api/v1/audit/processing?trace="
                    + entries.get(0).path("traceId").asText()));
            assertTrue(processing.toString().contains("\"name\":\"camera.picture\""), processing.toString());
            assertFalse(processing.toString().contains("ina"), "no user identity in the processing log");

            // The probe of a camera being added is logged with what was contacted, never its credentials.
            List<String> probes = trail.entriesAfter(0).stream().filter(e -> e.path("action").asText().equals("camera.probe"))
                    .map(e -> e.path("detail").asText()).toList();
            assertTrue(probes.get(0).startsWith("url=" + sim.url(MJPEG) + " codec=mjpeg picture=yes"), probes.toString());
        }
    }

    private static int luma(int rgb) {
        return ((rgb >> 16 & 0xff) * 299 + (rgb >> 8 & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
    }

    static void waitForStreaming(Http http, String id) throws Exception {
        Await.until(Duration.ofSeconds(30), () -> id + " did not stream: " + http.get("/api/v1/cameras/" + id).body(),
                () -> Http.json(http.get("/api/v1/cameras/" + id)).path("status").path("state").asText().equals("streaming"));
    }
}
