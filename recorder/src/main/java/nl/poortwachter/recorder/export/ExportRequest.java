package nl.poortwachter.recorder.export;

import java.time.Instant;

/**
 * An export as asked for. {@code exporter} is who asks (a user name, never a password); {@code purpose} why —
 * both end up in the signed manifest.
 */
public record ExportRequest(String cameraId, Instant from, Instant to, String exporter, String purpose,
                            String caseNumber) {
}
