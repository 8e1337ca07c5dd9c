package nl.poortwachter.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.SubStream;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.camera.Transport;
import nl.poortwachter.recorder.camera.VideoEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final Path WORK = Path.of("/srv/poortwachter");
    private static final String FILE = "config/gateway.yaml";

    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger("nl.poortwachter.gateway.config").addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger("nl.poortwachter.gateway.config").removeHandler(capture);
    }

    private static GatewayConfig parse(String yaml) {
        return parse(yaml, Map.of());
    }

    private static GatewayConfig parse(String yaml, Map<String, String> env) {
        return new ConfigLoader(env::get, WORK).parse(yaml, FILE, WORK.resolve(FILE), Overrides.none());
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void emptyFileGivesDefaults() {
        GatewayConfig c = parse("");
        assertEquals("127.0.0.1", c.httpHost());
        assertEquals(8080, c.httpPort());
        assertEquals(WORK.resolve("data"), c.storageDir());
        assertEquals(WORK.resolve("data/index.db"), c.databaseFile());
        assertEquals(Duration.ofSeconds(60), c.segmentDuration());
        assertEquals(4, c.diskThreads());
        assertEquals(Duration.ofSeconds(5), c.ingest().connectTimeout());
        assertEquals(Duration.ofSeconds(10), c.ingest().stallTimeout());
        assertEquals(Duration.ofSeconds(1), c.ingest().backoffInitial());
        assertEquals(Duration.ofSeconds(30), c.ingest().backoffMax());
        assertEquals(Duration.ofSeconds(10), c.ingest().probeTimeout());
        assertTrue(c.cameraNetworks().isEmpty());
        assertTrue(c.cameras().isEmpty());
        assertEquals(28, c.legalRegimes().get("gemeentewet-151c").maxRetentionDays());
        assertEquals(28, c.legalRegimes().get("avg-building-security").maxRetentionDays());
        assertTrue(c.legalRegimes().containsKey("wegbeheer"));
        // The RecorderConfig carries the same values.
        assertEquals(c.storageDir(), c.toRecorderConfig().storageDir());
        assertEquals(4, c.toRecorderConfig().diskThreads());
    }

    @Test
    void shippedDefaultFileEqualsBuiltInDefaults() throws Exception {
        Path shipped = repoFile("config/gateway.yaml");
        GatewayConfig fromFile = new ConfigLoader(k -> null, WORK)
                .parse(Files.readString(shipped), "gateway.yaml", shipped, Overrides.none());
        GatewayConfig builtIn = parse("");
        assertEquals(builtIn.httpHost(), fromFile.httpHost());
        assertEquals(builtIn.httpPort(), fromFile.httpPort());
        assertEquals(builtIn.storageDir(), fromFile.storageDir());
        assertEquals(builtIn.databaseFile(), fromFile.databaseFile());
        assertEquals(builtIn.segmentDuration(), fromFile.segmentDuration());
        assertEquals(builtIn.ingest(), fromFile.ingest());
        assertEquals(builtIn.legalRegimes(), fromFile.legalRegimes());
        assertEquals(builtIn.cameras(), fromFile.cameras());
    }

    @Test
    void exampleCameraListLoadsWithItsEnvironmentVariables() throws Exception {
        Path example = repoFile("config/cameras.example.yaml");
        Map<String, String> env = Map.of("CAM_STATIONSPLEIN_NOORD_PASSWORD", "a", "CAM_STADHUIS_INGANG_PASSWORD", "b",
                "CAM_ROTONDE_PASSWORD", "c");
        GatewayConfig c = new ConfigLoader(env::get, WORK)
                .parse(Files.readString(example), "cameras.example.yaml", example, Overrides.none());
        assertEquals(3, c.cameras().size());
        assertEquals("b", c.cameras().get(1).password());
        assertEquals("a", c.cameras().get(0).subStream().password(), "the sub-stream's password, from the environment");
        assertTrue(logged.isEmpty(), "the example must not trigger the literal-password warning");
    }

    private static Path repoFile(String relative) {
        // Tests run with the module directory as working directory.
        Path p = Path.of("..").resolve(relative);
        assertTrue(Files.exists(p), p + " missing");
        return p;
    }

    @Test
    void valuesFromTheFileAreUsed() {
        GatewayConfig c = parse("""
                http:
                  host: 0.0.0.0
                  port: 9090
                storage:
                  path: /var/lib/poortwachter
                recording:
                  segmentSeconds: 30
                ingest:
                  stallTimeoutSeconds: 20
                cameraNetworks: [10.20.0.0/16, "2001:db8::/32"]
                """);
        assertEquals("0.0.0.0", c.httpHost());
        assertEquals(9090, c.httpPort());
        assertEquals(Path.of("/var/lib/poortwachter"), c.storageDir());
        assertEquals(Path.of("/var/lib/poortwachter/index.db"), c.databaseFile(), "database follows storage");
        assertEquals(Duration.ofSeconds(30), c.segmentDuration());
        assertEquals(Duration.ofSeconds(20), c.ingest().stallTimeout());
        assertEquals(2, c.cameraNetworks().size());
    }

    @Test
    void relativePathsResolveAgainstWorkingDirectory() {
        GatewayConfig c = parse("storage: {path: footage}\ndatabase: {path: ../db/index.db}\n");
        assertEquals(WORK.resolve("footage"), c.storageDir());
        assertEquals(Path.of("/srv/db/index.db"), c.databaseFile());
    }

    @Test
    void unknownKeyIsNamedWithFileAndLine() {
        String m = error("http:\n  prot: 8080\n");
        assertTrue(m.startsWith(FILE + ": "), m);
        assertTrue(m.contains("unknown key 'http.prot'"), m);
        assertTrue(m.contains("(line 2, column 3)"), m);
        assertTrue(m.contains("host, port"), m);
    }

    @Test
    void unknownTopLevelKey() {
        String m = error("retentionDays: 14\n");
        assertTrue(m.contains("unknown key 'retentionDays'"), m);
    }

    @Test
    void unknownCameraKeyIsNamed() {
        String m = error("cameras:\n  - name: a\n    url: rtsp://h/x\n    legalRegime: wegbeheer\n    retention: 3\n"
                + "  - name: b\n");
        assertTrue(m.contains("'cameras[0].retention' (line 5, column 5)"), m);
    }

    @Test
    void wrongTypeNamesKeyAndValue() {
        String m = error("http:\n  port: eighty\n");
        assertTrue(m.contains("'http.port' must be an integer"), m);
        assertTrue(m.contains("eighty"), m);
        assertTrue(m.startsWith(FILE), m);
    }

    @Test
    void quotedNumberIsNotANumber() {
        assertTrue(error("recording:\n  segmentSeconds: \"60\"\n").contains("recording.segmentSeconds"));
    }

    @Test
    void yesIsNotABoolean() {
        String m = error("cameras:\n  - name: a\n    url: rtsp://h/x\n    legalRegime: wegbeheer\n    recording: yes\n");
        assertTrue(m.contains("cameras[0].recording"), m);
        assertTrue(m.contains("true or false"), m);
    }

    @Test
    void duplicateKeyIsRefused() {
        String m = error("http:\n  port: 1\n  port: 2\n");
        assertTrue(m.startsWith(FILE), m);
        assertTrue(m.toLowerCase().contains("line"), m);
    }

    @Test
    void syntaxErrorGivesLine() {
        String m = error("http:\n  port: 8080\n- x\n");
        assertTrue(m.contains("not valid YAML"), m);
        assertTrue(m.contains("line"), m);
    }

    @Test
    void rangesAreChecked() {
        assertTrue(error("http: {port: 0}").contains("http.port: must be between 1 and 65535 (got 0)"));
        assertTrue(error("http: {port: 70000}").contains("http.port"));
        assertTrue(error("recording: {segmentSeconds: 0}").contains("recording.segmentSeconds"));
        assertTrue(error("recording: {diskThreads: -1}").contains("recording.diskThreads"));
        assertTrue(error("ingest: {connectTimeoutSeconds: 0}").contains("ingest.connectTimeoutSeconds"));
        assertTrue(error("ingest: {backoffInitialSeconds: 10, backoffMaxSeconds: 5}")
                .contains("ingest.backoffMaxSeconds"));
        assertTrue(error("ingest: {rtspReader: gstreamer}").contains("ingest.rtspReader"));
        assertTrue(error("ingest: {maxConcurrentConnects: 0}").contains("ingest.maxConcurrentConnects"));
        assertTrue(error("http: {host: ''}").contains("http.host"));
    }

    @Test
    void badNetworkIsNamed() {
        String m = error("cameraNetworks: [10.0.0.0/33]");
        assertTrue(m.contains("cameraNetworks[0]"), m);
        assertTrue(error("cameraNetworks: [camera.local/24]").contains("cameraNetworks[0]"));
    }

    @Test
    void trustedProxiesAreAddressesOrNetworks() {
        assertTrue(parse("").auth().trustedProxies().isEmpty(), "nobody's X-Forwarded-For is believed by default");
        var proxies = parse("auth: {trustedProxies: [127.0.0.1, 10.0.5.0/24, '::1']}").auth().trustedProxies();
        assertEquals(List.of("127.0.0.1/32", "10.0.5.0/24", "::1/128"), proxies.stream().map(Object::toString).toList());
        String m = error("auth: {trustedProxies: [10.0.5.0/24, proxy.local]}");
        assertTrue(m.contains("auth.trustedProxies[1]"), m);
    }

    @Test
    void legalRegimesReplaceDefaults() {
        GatewayConfig c = parse("""
                legalRegimes:
                  parkeergarage:
                    description: Beveiliging parkeergarage
                    maxRetentionDays: 14
                """);
        assertEquals(1, c.legalRegimes().size());
        assertEquals(14, c.legalRegimes().get("parkeergarage").maxRetentionDays());
        assertTrue(error("legalRegimes: {}").contains("legalRegimes"));
        assertTrue(error("legalRegimes: {x: {description: d, maxRetentionDays: 0}}")
                .contains("legalRegimes.x.maxRetentionDays"));
        assertTrue(error("legalRegimes: {x: {maxRetentionDays: 3}}").contains("legalRegimes.x.description"));
        assertTrue(error("legalRegimes: {Bad_Id: {description: d, maxRetentionDays: 3}}")
                .contains("legalRegimes.Bad_Id"));
    }

    @Test
    void passwordFromEnvironment() {
        GatewayConfig c = parse("""
                cameras:
                  - id: markt
                    name: Markt
                    url: rtsp://10.0.0.5/stream
                    username: viewer
                    password: ${CAM_MARKT_PW}
                    legalRegime: gemeentewet-151c
                """, Map.of("CAM_MARKT_PW", "geheim"));
        CameraSpec cam = c.cameras().get(0);
        assertEquals("geheim", cam.password());
        assertEquals("viewer", cam.username());
        assertEquals(28, cam.retentionDays(), "validated: default retention filled in");
        assertEquals(Boolean.TRUE, cam.recording());
        assertEquals(Transport.tcp, cam.transport());
        assertTrue(logged.isEmpty(), "no literal-password warning for an env reference");
        assertFalse(c.toString().contains("geheim"));
    }

    @Test
    void aSubStreamsPasswordComesFromTheEnvironmentToo() {
        GatewayConfig c = parse("""
                cameras:
                  - id: markt
                    name: Markt
                    url: rtsp://10.0.0.5/stream
                    legalRegime: gemeentewet-151c
                    subStream: {url: 'rtsp://10.0.0.5/sub', username: kijker, password: '${CAM_MARKT_SUB_PW}'}
                """, Map.of("CAM_MARKT_SUB_PW", "klein-geheim"));
        assertEquals(new SubStream("rtsp://10.0.0.5/sub", "kijker", "klein-geheim"), c.cameras().get(0).subStream());
        assertTrue(logged.isEmpty(), "no literal-password warning for an env reference");
        assertFalse(c.toString().contains("klein-geheim"));
        String m = assertThrows(ConfigException.class, () -> parse("""
                cameras:
                  - {id: markt, name: Markt, url: 'rtsp://10.0.0.5/stream', legalRegime: gemeentewet-151c,
                     subStream: {url: 'http://10.0.0.5/sub'}}
                """)).getMessage();
        assertTrue(m.contains("cameras[0] (id 'markt').subStream.url: must start with rtsp://"), m);
        parse("""
                cameras:
                  - {id: markt, name: Markt, url: 'rtsp://10.0.0.5/stream', legalRegime: gemeentewet-151c,
                     subStream: {url: 'rtsp://10.0.0.5/sub', username: kijker, password: Letterlijk-1}}
                """);
        assertEquals(1, logged.size());
        assertTrue(logged.get(0).getMessage().contains("subStream.password: ${ENV_VAR}"), logged.get(0).getMessage());
        assertFalse(logged.get(0).getMessage().contains("Letterlijk"));
    }

    @Test
    void missingEnvironmentVariableNamesCamera() {
        String m = assertThrows(ConfigException.class, () -> parse("""
                cameras:
                  - id: markt
                    name: Markt
                    url: rtsp://10.0.0.5/stream
                    username: viewer
                    password: ${CAM_MARKT_PW}
                    legalRegime: gemeentewet-151c
                """)).getMessage();
        assertTrue(m.startsWith(FILE), m);
        assertTrue(m.contains("id 'markt'"), m);
        assertTrue(m.contains("CAM_MARKT_PW"), m);
        assertTrue(m.contains("not set"), m);
    }

    @Test
    void literalPasswordWorksButWarnsWithoutRevealingIt() {
        GatewayConfig c = parse("""
                cameras:
                  - name: Markt Oost
                    url: rtsp://10.0.0.5/stream
                    username: viewer
                    password: Hunter2!
                    legalRegime: gemeentewet-151c
                """);
        assertEquals("markt-oost", c.cameras().get(0).id());
        assertEquals("Hunter2!", c.cameras().get(0).password());
        assertEquals(1, logged.size());
        String warning = logged.get(0).getMessage();
        assertTrue(warning.contains("literal camera password"), warning);
        assertTrue(warning.contains("${ENV_VAR}"), warning);
        assertFalse(warning.contains("Hunter2"), warning);
    }

    @Test
    void credentialsInUrlAreMovedOutAndWarned() {
        GatewayConfig c = parse("""
                cameras:
                  - name: Markt
                    url: rtsp://viewer:Hunter2@10.0.0.5/stream
                    legalRegime: gemeentewet-151c
                """);
        CameraSpec cam = c.cameras().get(0);
        assertEquals("rtsp://10.0.0.5/stream", cam.url());
        assertEquals("viewer", cam.username());
        assertEquals("Hunter2", cam.password());
        assertEquals(1, logged.size());
        assertFalse(logged.get(0).getMessage().contains("Hunter2"));
    }

    @Test
    void invalidCameraNamesCameraAndField() {
        String m = assertThrows(ConfigException.class, () -> parse("""
                cameras:
                  - id: markt
                    name: Markt
                    url: file:/etc/passwd
                    legalRegime: gemeentewet-151c
                """)).getMessage();
        assertTrue(m.startsWith(FILE + ": cameras[0] (id 'markt').url: "), m);
        String regime = assertThrows(ConfigException.class, () -> parse("""
                cameras:
                  - name: Markt
                    url: rtsp://10.0.0.5/s
                    legalRegime: onbekend
                """)).getMessage();
        assertTrue(regime.contains("cameras[0] (name 'Markt').legalRegime"), regime);
    }

    @Test
    void aCamerasEncoderAndX264OptionsAreReadAndCheckedAtLoad() {
        GatewayConfig c = parse("""
                cameras:
                  - name: Markt
                    url: rtsp://10.0.0.5/s
                    legalRegime: gemeentewet-151c
                    transcode: {encoder: h264_nvenc, preset: superfast, x264Params: 'subme=0:partitions=none'}
                """);
        assertEquals(VideoEncoder.h264_nvenc, c.cameras().get(0).transcode().encoder());
        assertEquals("subme=0:partitions=none", c.cameras().get(0).transcode().x264Params());
        String encoder = error("cameras:\n  - {name: a, url: 'rtsp://h/x', legalRegime: wegbeheer, transcode: {encoder: cuda}}\n");
        assertTrue(encoder.contains("auto") && encoder.contains("h264_vaapi") && encoder.contains("line 2"), encoder);
        String option = error("cameras:\n  - {name: a, url: 'rtsp://h/x', legalRegime: wegbeheer, transcode: {x264Params: 'keyint=600'}}\n");
        assertTrue(option.contains("cameras[0] (name 'a').transcode.x264Params: 'keyint' cannot be set"), option);
    }

    @Test
    void gatewayWideTranscodeSettingsAreReadAndCheckedAtLoadAndCamerasOverrideThem() {
        GatewayConfig c = parse("""
                transcode: {encoder: auto, preset: superfast, bitrateKbps: 1200}
                cameras:
                  - {name: Markt, url: 'rtsp://10.0.0.5/s', legalRegime: wegbeheer, transcode: {bitrateKbps: 3000}}
                """);
        TranscodeSettings box = c.recorder().transcode();
        assertEquals(new TranscodeSettings("superfast", null, 1200, 50, null, null, 1, VideoEncoder.auto, null), box,
                "a preset given alone: without the default's x264 options");
        TranscodeSettings markt = TranscodeSettings.resolve(c.cameras().get(0).transcode(), box);
        assertEquals(3000, markt.bitrateKbps());
        assertEquals(VideoEncoder.auto, markt.encoder());
        String option = error("transcode:\n  x264Params: 'keyint=600'\n");
        assertTrue(option.contains("transcode.x264Params: 'keyint' cannot be set") && option.contains("line 2"), option);
        assertTrue(error("transcode: {encoder: cuda}").contains("transcode.encoder: must be 'auto', 'libx264'"));
        assertTrue(error("transcode: {gopFrames: 0}").contains("transcode.gopFrames: must be between 1 and 600 (got 0)"));
    }

    @Test
    void retentionAboveRegimeMaximumIsRefused() {
        String m = error("cameras:\n  - {name: a, url: 'rtsp://h/x', legalRegime: wegbeheer, retentionDays: 28}\n");
        assertTrue(m.contains("retentionDays"), m);
    }

    @Test
    void duplicateCameraIdsAreRefused() {
        String m = error("""
                cameras:
                  - {name: Markt, url: 'rtsp://h/a', legalRegime: wegbeheer}
                  - {id: markt, name: Markt 2, url: 'rtsp://h/b', legalRegime: wegbeheer}
                """);
        assertTrue(m.contains("cameras[1]"), m);
        assertTrue(m.contains("'markt'"), m);
    }

    @Test
    void partialEnvironmentReferenceIsRefused() {
        String m = assertThrows(ConfigException.class, () -> parse("""
                cameras:
                  - {name: a, url: 'rtsp://h/x', legalRegime: wegbeheer, username: u, password: 'x${PW}'}
                """, Map.of("PW", "p"))).getMessage();
        assertTrue(m.contains("cameras[0] (name 'a').password"), m);
    }

    @Test
    void overridesWin(@TempDir Path tmp) {
        GatewayConfig c = new ConfigLoader(k -> null, WORK).parse("http: {port: 9090}\nstorage: {path: /x}\n", FILE,
                null, new Overrides(0, tmp.resolve("s"), null));
        assertEquals(0, c.httpPort());
        assertEquals(tmp.resolve("s"), c.storageDir());
        assertEquals(tmp.resolve("s/index.db"), c.databaseFile());
        GatewayConfig d = new ConfigLoader(k -> null, WORK).parse("", FILE, null,
                new Overrides(null, null, Path.of("idx.db")));
        assertEquals(WORK.resolve("idx.db"), d.databaseFile());
    }

    @Test
    void missingExplicitFileIsAnError(@TempDir Path tmp) {
        ConfigLoader loader = new ConfigLoader(k -> null, tmp);
        Path missing = tmp.resolve("nope.yaml");
        String m = assertThrows(ConfigException.class, () -> loader.load(missing, true, Overrides.none())).getMessage();
        assertTrue(m.contains("nope.yaml") && m.contains("no such file"), m);
        GatewayConfig c = loader.load(missing, false, Overrides.none());
        assertNull(c.source());
        assertEquals(8080, c.httpPort());
    }

    @Test
    void loadsFromFile(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("g.yaml");
        Files.writeString(f, "http:\n  port: 8123\n");
        GatewayConfig c = new ConfigLoader(k -> null, tmp).load(f, true, Overrides.none());
        assertEquals(8123, c.httpPort());
        assertEquals(f.toAbsolutePath().normalize(), c.source());
        Files.writeString(f, "http:\n  port: x\n");
        String m = assertThrows(ConfigException.class,
                () -> new ConfigLoader(k -> null, tmp).load(f, true, Overrides.none())).getMessage();
        assertTrue(m.startsWith(f.toString()), m);
    }
}
