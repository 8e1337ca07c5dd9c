package nl.poortwachter.recorder.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.testing.TestRecorders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CameraValidatorTest {
    private final CameraValidator validator = new CameraValidator(new RtspUrlPolicy(List.of()), TestRecorders.REGIMES);

    private static CameraSpec withUrl(String url) {
        return new CameraSpec(null, "Poort Noord", url, null, null, null, null, null, null, "gemeentewet-151c", null, null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:/etc/passwd", "file:///etc/passwd", "http://cam/stream", "https://cam/stream",
            "concat:a.mp4|b.mp4", "subfile:,start,0,end,0,:/etc/passwd", "lavfi:testsrc", "pipe:0",
            "data:video/mp4;base64,AAAA", "relative/path.mp4", "/absolute/path", "rtsp://host/with space",
            "rtsp://host/\u0001ctl", "rtsp://host/tab\there", "rtsp:opaque", "rtsp:///nohost", "RTMP://host/live",
            "rtsp://host/x#frag", " rtsp://host/leading-space"})
    void refusesEverythingButRtsp(String url) {
        InvalidCameraException e = assertThrows(InvalidCameraException.class, () -> validator.validate(withUrl(url)));
        assertEquals("url", e.field());
    }

    @Test
    void acceptsVendorUrlsAndKeepsTheQuery() {
        CameraSpec c = validator.validate(withUrl("rtsp://10.0.0.5:554/cam/realmonitor?channel=1&subtype=0"));
        assertEquals("rtsp://10.0.0.5:554/cam/realmonitor?channel=1&subtype=0", c.url());
        assertEquals("poort-noord", c.id());
        assertEquals(28, c.retentionDays());
        assertTrue(c.recording());
        assertEquals(Transport.tcp, c.transport());
        assertEquals("rtsps://cam.local/Streaming/Channels/101", validator.validate(withUrl("RTSPS://cam.local/Streaming/Channels/101")).url());
    }

    @Test
    void movesCredentialsOutOfTheUrl() {
        CameraSpec c = validator.validate(withUrl("rtsp://admin:S3cr%40t%21@10.0.0.5/Streaming/Channels/101"));
        assertEquals("rtsp://10.0.0.5/Streaming/Channels/101", c.url());
        assertEquals("admin", c.username());
        assertEquals("S3cr@t!", c.password());
        assertFalse(c.toString().contains("S3cr"));
        assertFalse(c.withoutSecrets().toString().contains("S3cr"));
    }

    @Test
    void namesTheMissingOrBadField() {
        assertEquals("name", assertThrows(InvalidCameraException.class, () -> validator.validate(
                new CameraSpec(null, null, "rtsp://h/x", null, null, null, null, null, null, "gemeentewet-151c", null, null, null))).field());
        assertEquals("legalRegime", assertThrows(InvalidCameraException.class, () -> validator.validate(
                new CameraSpec(null, "x", "rtsp://h/x", null, null, null, null, null, null, null, null, null, null))).field());
        assertEquals("legalRegime", assertThrows(InvalidCameraException.class, () -> validator.validate(
                new CameraSpec(null, "x", "rtsp://h/x", null, null, null, null, null, null, "made-up", null, null, null))).field());
        assertEquals("retentionDays", assertThrows(InvalidCameraException.class, () -> validator.validate(
                new CameraSpec(null, "x", "rtsp://h/x", null, null, null, null, null, null, "gemeentewet-151c", 29, null, null))).field());
        assertEquals("id", assertThrows(InvalidCameraException.class, () -> validator.validate(
                new CameraSpec("keys", "x", "rtsp://h/x", null, null, null, null, null, null, "gemeentewet-151c", null, null, null))).field(),
                "a camera folder must not be the signing key's folder");
        assertEquals("id", assertThrows(InvalidCameraException.class, () -> validator.validate(
                new CameraSpec("../etc", "x", "rtsp://h/x", null, null, null, null, null, null, "gemeentewet-151c", null, null, null))).field());
        assertEquals("username", assertThrows(InvalidCameraException.class, () -> validator.validate(
                new CameraSpec(null, "x", "rtsp://h/x", null, "pw", null, null, null, null, "gemeentewet-151c", null, null, null))).field());
    }

    @Test
    void cameraNetworkAllowList() {
        CameraValidator restricted = new CameraValidator(new RtspUrlPolicy(List.of(Cidr.parse("10.20.0.0/16"))), TestRecorders.REGIMES);
        assertEquals("rtsp://10.20.3.4/x", restricted.validate(withUrl("rtsp://10.20.3.4/x")).url());
        InvalidCameraException e = assertThrows(InvalidCameraException.class, () -> restricted.validate(withUrl("rtsp://10.21.0.1/x")));
        assertTrue(e.getMessage().contains("outside the allowed camera networks"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.org/8"));
    }

    private static CameraSpec withSub(String url, String username, String password) {
        return withUrl("rtsp://10.20.3.4/main").withSubStream(new SubStream(url, username, password));
    }

    /** A sub-stream (D89) is checked by the main URL's rules, its refusals named as its own fields. */
    @Test
    void aSubStreamIsCheckedLikeTheMainUrlAndItsCredentialsLeaveTheUrl() {
        CameraSpec c = validator.validate(withSub("rtsp://kijker:Kl%40in!@10.20.3.4/sub", null, null));
        assertEquals(new SubStream("rtsp://10.20.3.4/sub", "kijker", "Kl@in!"), c.subStream());
        assertFalse(c.toString().contains("Kl@in"), c.toString());
        assertEquals(null, c.withoutSecrets().subStream().password());
        assertEquals(null, validator.validate(withSub(" ", null, null)).subStream(), "a blank URL means none");
        assertEquals(null, validator.validate(withSub(null, "x", "y")).subStream());
        for (String bad : List.of("http://10.20.3.4/sub", "file:/etc/passwd", "rtsp://10.20.3.4/x#frag")) {
            InvalidCameraException e = assertThrows(InvalidCameraException.class,
                    () -> validator.validate(withSub(bad, null, null)));
            assertEquals("subStream.url", e.field(), bad);
            assertTrue(e.getMessage().startsWith("subStream.url: "), e.getMessage());
            assertFalse(e.getMessage().contains("subStream.url: url:"), e.getMessage());
        }
        assertEquals("subStream.url", assertThrows(InvalidCameraException.class, () -> validator.validate(
                withSub("rtsp://a:b@10.20.3.4/sub", "c", null))).field(), "credentials given twice");
        assertEquals("subStream.username", assertThrows(InvalidCameraException.class, () -> validator.validate(
                withSub("rtsp://10.20.3.4/sub", null, "pw"))).field());
        CameraValidator restricted = new CameraValidator(new RtspUrlPolicy(List.of(Cidr.parse("10.20.0.0/16"))),
                TestRecorders.REGIMES);
        InvalidCameraException outside = assertThrows(InvalidCameraException.class,
                () -> restricted.validate(withSub("rtsp://10.21.0.1/sub", null, null)));
        assertEquals("subStream.url", outside.field());
        assertTrue(outside.getMessage().contains("outside the allowed camera networks"), outside.getMessage());
    }

    private static CameraSpec transcoded(TranscodeSettings t) {
        return new CameraSpec(null, "Poort Noord", "rtsp://10.0.0.5/x", null, null, null, null, null, null,
                "gemeentewet-151c", null, null, null, PipelineMode.transcode, t, null, null);
    }

    private static TranscodeSettings x264(String preset, String params) {
        return new TranscodeSettings(preset, null, null, null, null, null, null, null, params);
    }

    @Test
    void transcodeSettingsTakeOnlyTheX264OptionsThatTradeSpeedForQuality() {
        TranscodeSettings ok = validator.validate(transcoded(x264("superfast", "cabac=1:deblock=1,0,0:aq-mode=1:me=dia"))).transcode();
        assertEquals("cabac=1:deblock=1,0,0:aq-mode=1:me=dia", ok.x264Params());
        for (String bad : List.of("scenecut=40", "keyint=300", "bframes=3", "threads=8", "rc-lookahead=40", "cabac", "cabac=1;rm -rf",
                "cabac=1::aq-mode=1", " ", "x".repeat(301))) {
            InvalidCameraException e = assertThrows(InvalidCameraException.class,
                    () -> validator.validate(transcoded(x264(null, bad))), bad);
            assertEquals("transcode.x264Params", e.field(), bad);
        }
        assertTrue(assertThrows(InvalidCameraException.class, () -> validator.validate(transcoded(x264(null, "scenecut=40"))))
                .getMessage().contains("cannot be set"));
        assertEquals("transcode.preset", assertThrows(InvalidCameraException.class,
                () -> validator.validate(transcoded(x264("warp", null)))).field());
    }

    @Test
    void unsetTranscodeSettingsTakeTheBoxWideDefaultsAndAPresetGivenAloneMeansJustThatPreset() {
        TranscodeSettings box = RecorderConfig.transcodeDefaults();
        assertEquals(new TranscodeSettings("ultrafast", null, 2000, 50, null, null, 1, VideoEncoder.libx264,
                "cabac=1:aq-mode=1"), box, "the table's defaults are the measured ones (D30)");
        assertEquals(box, TranscodeSettings.resolve(null, box));
        assertEquals(box, TranscodeSettings.resolve(new TranscodeSettings(null, null, null, null, null, null, null), box));
        TranscodeSettings veryfast = TranscodeSettings.resolve(x264("veryfast", null), box);
        assertEquals("veryfast", veryfast.preset());
        assertEquals(null, veryfast.x264Params(), "the default's extra options belong to the default preset only");
        assertEquals(VideoEncoder.libx264, veryfast.encoder());
        TranscodeSettings params = TranscodeSettings.resolve(x264(null, "aq-mode=2"), box);
        assertEquals("aq-mode=2", params.x264Params());
        assertEquals("ultrafast", params.preset());
    }

    @Test
    void aCamerasOwnTranscodeSettingsWinOverTheBoxWideOnes() {
        TranscodeSettings box = new TranscodeSettings("superfast", null, 1500, 25, null, null, 2, VideoEncoder.auto,
                "subme=0");
        TranscodeSettings camera = new TranscodeSettings(null, 23, null, 100, 720, 15, null, VideoEncoder.libx264, null);
        assertEquals(new TranscodeSettings("superfast", 23, null, 100, 720, 15, 2, VideoEncoder.libx264, "subme=0"),
                TranscodeSettings.resolve(camera, box), "crf without a bitrate: constant quality, no box bitrate");
        assertEquals(new TranscodeSettings("superfast", null, 800, 25, null, null, 2, VideoEncoder.auto, "subme=0"),
                TranscodeSettings.resolve(new TranscodeSettings(null, null, 800, null, null, null, null), box));
        assertTrue(TranscodeSettings.resolve(camera, box).complete());
        assertFalse(camera.complete(), "a camera's own settings alone cannot open an encoder");
    }
}
