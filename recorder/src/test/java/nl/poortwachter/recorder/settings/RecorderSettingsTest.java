package nl.poortwachter.recorder.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
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
        assertEquals(RecorderSettings.ALL.size(), RecorderSettings.ALL.stream().map(Setting::key).distinct().count(),
                "one row per key");
    }
}
