package nl.poortwachter.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code audit:} section, and the processing activity (register URI) of each legal regime.
 *
 * @param askLivePurpose whether the live pages ask the viewer's purpose when a view starts (the viewer may still
 *                       choose {@code defaultLivePurpose}; the entry then says so)
 * @param gatewayName the {@code resource} name in processing-log lines: which gateway processed
 */
public record AuditSettings(Path file, Path keyDir, int checkpointEntries, Duration checkpointInterval,
                            String defaultLivePurpose, boolean askLivePurpose, String gatewayName,
                            Map<String, String> processingActivities) {

    /** The register entry of a regime; an unknown regime gets a URN that says so rather than nothing. */
    public String activityOf(String regime) {
        if (regime == null) {
            return "urn:poortwachter:verwerkingsactiviteit:onbekend";
        }
        return processingActivities.getOrDefault(regime, "urn:poortwachter:verwerkingsactiviteit:" + regime);
    }
}
