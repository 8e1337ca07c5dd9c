package nl.poortwachter.recorder.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.camera.VideoEncoder;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.retention.RetentionConfig;
import nl.poortwachter.recorder.retention.ReservePolicy;
import org.junit.jupiter.api.Test;

/** The recorder's defaults are the table's rows, and what a row allows is what the recorder understands. */
class RecorderSettingsTest {
    @Test
    void choicesAreSpelledAsTheRecorderReadsThem() {
        assertEquals(Arrays.stream(RecorderConfig.RtspReader.values()).map(Enum::name)
                .collect(Collectors.joining(" | ")), RecorderSettings.RTSP_READER.allowed());
        assertEquals(Arrays.stream(ReservePolicy.values()).map(ReservePolicy::configName)
                .collect(Collectors.joining(" | ")), RecorderSettings.RESERVE_POLICY.allowed());
        assertEquals(Arrays.stream(VideoEncoder.values()).map(Enum::name)
                .collect(Collectors.joining(" | ")), RecorderSettings.TRANSCODE_ENCODER.allowed());
    }

    @Test
    void aBuilderStartsAtTheTablesDefaults() {
        RecorderConfig c = RecorderConfig.builder(Path.of("/srv/footage")).build();
        assertEquals(Path.of("/srv/footage/index.db"), c.databaseFile(), "the index lives next to the footage");
        assertEquals(Duration.ofSeconds(RecorderSettings.SEGMENT_SECONDS.defaultValue()), c.segmentDuration());
        assertEquals((int) RecorderSettings.DISK_THREADS.defaultValue(), c.diskThreads());
        assertEquals(Duration.ofSeconds(RecorderSettings.STALL_TIMEOUT_SECONDS.defaultValue()),
                c.ingest().stallTimeout());
        assertEquals(RecorderConfig.RtspReader.builtin, c.ingest().rtspReader());
        assertEquals((int) RecorderSettings.MAX_CONCURRENT_CONNECTS.defaultValue(), c.ingest().maxConcurrentConnects());
        assertEquals(RecorderConfig.Ingest.defaults(), c.ingest());
        assertEquals(RetentionConfig.defaults(), c.retention());
        assertEquals(RecorderSettings.RESERVE_FLOOR_MIB.defaultValue() * 1024L * 1024, c.retention().reserveFloorBytes());
        assertEquals(RecorderSettings.LEGAL_REGIMES.defaultValue(), c.legalRegimes());
        assertEquals(List.of(), c.configuredCameras());
        assertEquals(false, c.passthroughPolicy().trusts("any", "axis"), "nobody is trusted for passthrough");
        assertEquals(RecorderConfig.transcodeDefaults(), c.transcode());
        assertEquals(RecorderSettings.TRANSCODE_PRESET.defaultValue(), c.transcode().preset());
        assertEquals(RecorderSettings.TRANSCODE_X264_PARAMS.defaultValue(), c.transcode().x264Params());
        assertEquals(RecorderSettings.TRANSCODE_BITRATE_KBPS.defaultValue(), c.transcode().bitrateKbps());
        assertEquals(RecorderSettings.TRANSCODE_GOP_FRAMES.defaultValue(), c.transcode().gopFrames());
        assertEquals(RecorderSettings.TRANSCODE_THREADS.defaultValue(), c.transcode().threads());
        assertEquals(RecorderSettings.TRANSCODE_ENCODER.defaultValue(), c.transcode().encoder().name());
    }

    @Test
    void boxWideTranscodeSettingsComeFromTheTableAndAPresetAloneDropsTheDefaultOptions() {
        Settings s = Settings.NONE.with(RecorderSettings.TRANSCODE_BITRATE_KBPS, 1200)
                .with(RecorderSettings.TRANSCODE_ENCODER, "auto").with(RecorderSettings.TRANSCODE_THREADS, 2);
        TranscodeSettings t = RecorderConfig.builder(Path.of("/x")).settings(s).build().transcode();
        assertEquals(new TranscodeSettings("ultrafast", null, 1200, 50, null, null, 2, VideoEncoder.auto,
                "cabac=1:aq-mode=1"), t);
        TranscodeSettings preset = RecorderConfig.transcodeDefaults(
                Settings.NONE.with(RecorderSettings.TRANSCODE_PRESET, "superfast"));
        assertEquals("superfast", preset.preset());
        assertEquals(null, preset.x264Params(), "a preset given alone means exactly that preset");
        TranscodeSettings both = RecorderConfig.transcodeDefaults(Settings.NONE
                .with(RecorderSettings.TRANSCODE_PRESET, "superfast")
                .with(RecorderSettings.TRANSCODE_X264_PARAMS, "subme=0:partitions=none"));
        assertEquals("subme=0:partitions=none", both.x264Params());
        assertThrows(IllegalArgumentException.class, () -> RecorderConfig.builder(Path.of("/x"))
                .transcode(new TranscodeSettings(null, null, 500, 25, null, null, 1)), "box-wide settings are complete");
    }

    @Test
    void givenSettingsWinAndSingleValuesCanBeSetAfter() {
        Settings s = Settings.NONE.with(RecorderSettings.SEGMENT_SECONDS, 30)
                .with(RecorderSettings.PASSTHROUGH_ALLOW_VENDORS, List.of("Axis"))
                .with(RecorderSettings.RTSP_READER, "ffmpeg");
        RecorderConfig c = RecorderConfig.builder(Path.of("/x")).settings(s).backoff(Duration.ofMillis(500),
                Duration.ofSeconds(2)).build();
        assertEquals(Duration.ofSeconds(30), c.segmentDuration());
        assertEquals(true, c.passthroughPolicy().trusts("cam", "axis"));
        assertEquals(RecorderConfig.RtspReader.ffmpeg, c.ingest().rtspReader());
        assertEquals(Duration.ofMillis(500), c.ingest().backoffInitial());
        assertEquals(c, c.toBuilder().build(), "toBuilder keeps every value");
    }

    @Test
    void rowsCheckTheirValuesAndRulesNameTheKey() {
        SettingException range = assertThrows(SettingException.class, () -> RecorderSettings.DISK_THREADS.read(0));
        assertEquals("recording.diskThreads", range.key());
        assertEquals("must be between 1 and 64 (got 0)", range.getMessage());
        SettingException element = assertThrows(SettingException.class,
                () -> RecorderSettings.CAMERA_NETWORKS.read(Arrays.asList("10.0.0.0/8", null)));
        assertEquals("cameraNetworks[1]", element.key());
        SettingException rule = assertThrows(SettingException.class, () -> RetentionConfig.from(
                Settings.NONE.with(RecorderSettings.RESERVE_POLICY, "stop-cameras")));
        assertEquals("retention.reserve.stopOrder", rule.key());
        SettingException backoff = assertThrows(SettingException.class, () -> RecorderConfig.Ingest.from(
                Settings.NONE.with(RecorderSettings.BACKOFF_MAX_SECONDS, 0)));
        assertEquals("ingest.backoffMaxSeconds", backoff.key());
        SettingException x264 = assertThrows(SettingException.class,
                () -> RecorderSettings.TRANSCODE_X264_PARAMS.read("scenecut=40"));
        assertEquals("transcode.x264Params", x264.key());
        assertTrue(x264.getMessage().startsWith("'scenecut' cannot be set; allowed: ["), x264.getMessage());
        assertEquals("must be between 100 and 50000 (got 50)",
                assertThrows(SettingException.class, () -> RecorderSettings.TRANSCODE_BITRATE_KBPS.read(50)).getMessage());
        assertEquals("transcode.preset", assertThrows(SettingException.class,
                () -> RecorderSettings.TRANSCODE_PRESET.read("warp")).key());
        assertEquals(RecorderSettings.ALL.size(), RecorderSettings.ALL.stream().map(Setting::key).distinct().count(),
                "one row per key");
    }
}
