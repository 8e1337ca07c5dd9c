package nl.poortwachter.gateway.config;

import static nl.poortwachter.gateway.config.SettingsTable.ANCHOR_FILE;
import static nl.poortwachter.gateway.config.SettingsTable.ANCHOR_SYSLOG_HOST;
import static nl.poortwachter.gateway.config.SettingsTable.ANCHOR_SYSLOG_PORT;
import static nl.poortwachter.gateway.config.SettingsTable.ANCHOR_SYSLOG_PROTOCOL;
import static nl.poortwachter.gateway.config.SettingsTable.ASK_LIVE_PURPOSE;
import static nl.poortwachter.gateway.config.SettingsTable.AUDIT_PATH;
import static nl.poortwachter.gateway.config.SettingsTable.CHECKPOINT_ENTRIES;
import static nl.poortwachter.gateway.config.SettingsTable.CHECKPOINT_SECONDS;
import static nl.poortwachter.gateway.config.SettingsTable.DEFAULT_LIVE_PURPOSE;
import static nl.poortwachter.gateway.config.SettingsTable.GATEWAY_NAME;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import nl.poortwachter.recorder.settings.SettingException;
import nl.poortwachter.recorder.settings.Settings;

/**
 * The {@code audit:} section, and the processing activity (register URI) of each legal regime.
 *
 * @param askLivePurpose whether the live pages ask the viewer's purpose when a view starts (the viewer may still
 *                       choose {@code defaultLivePurpose}; the entry then says so)
 * @param gatewayName the {@code resource} name in processing-log lines: which gateway processed
 * @param anchor      where checkpoints are also sent, outside the box
 */
public record AuditSettings(Path file, Path keyDir, int checkpointEntries, Duration checkpointInterval,
                            String defaultLivePurpose, boolean askLivePurpose, String gatewayName,
                            Map<String, String> processingActivities, Anchor anchor) {

    /**
     * @param file       a file on other storage, or null
     * @param syslogHost a syslog collector, or null
     */
    public record Anchor(Path file, String syslogHost, int syslogPort, boolean syslogTcp) {
        public static final Anchor NONE = new Anchor(null, null, 514, false);
    }

    /** @param s with {@code audit.path} already resolved, if given */
    static AuditSettings from(Settings s, Path storageDir, Map<String, String> processingActivities) {
        Path file = s.get(AUDIT_PATH) == null ? storageDir.resolve("audit.db") : s.get(AUDIT_PATH);
        Path anchorFile = s.get(ANCHOR_FILE);
        if (anchorFile != null && anchorFile.toAbsolutePath().normalize().startsWith(storageDir.toAbsolutePath()
                .normalize())) {
            throw new SettingException(ANCHOR_FILE.key(), "must lie outside the storage folder " + storageDir
                    + ": a copy there is rewritten along with the log it should catch");
        }
        return new AuditSettings(file, storageDir.resolve("keys"), s.get(CHECKPOINT_ENTRIES),
                Duration.ofSeconds(s.get(CHECKPOINT_SECONDS)), s.get(DEFAULT_LIVE_PURPOSE), s.get(ASK_LIVE_PURPOSE),
                s.get(GATEWAY_NAME), processingActivities, new Anchor(anchorFile, s.get(ANCHOR_SYSLOG_HOST),
                        s.get(ANCHOR_SYSLOG_PORT), s.get(ANCHOR_SYSLOG_PROTOCOL).equals("tcp")));
    }

    /** The register entry of a regime; an unknown regime gets a URN that says so rather than nothing. */
    public String activityOf(String regime) {
        if (regime == null) {
            return "urn:poortwachter:verwerkingsactiviteit:onbekend";
        }
        return processingActivities.getOrDefault(regime, "urn:poortwachter:verwerkingsactiviteit:" + regime);
    }
}
