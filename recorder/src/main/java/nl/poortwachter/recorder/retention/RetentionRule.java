package nl.poortwachter.recorder.retention;

import java.util.Map;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.LegalRegime;

/**
 * How long one camera's footage is kept, and why, in words for the purge record.
 * <ul>
 *   <li>a configured camera: its {@code retentionDays}, capped by its legal regime's maximum (the regime's
 *       maximum may have been lowered since the camera was saved);</li>
 *   <li>a removed camera: the last retention it had while configured (remembered in the index), capped the
 *       same way, so removing a camera neither deletes its footage early nor keeps it forever;</li>
 *   <li>footage of a camera never seen with a retention (e.g. indexed from files): the default.</li>
 * </ul>
 */
public record RetentionRule(String cameraId, int days, String detail) {

    public static RetentionRule of(String cameraId, CameraSpec live, RememberedRetention remembered,
                                   Map<String, LegalRegime> regimes, int defaultDays) {
        if (live != null && live.retentionDays() != null) {
            return capped(cameraId, live.retentionDays(), live.legalRegime(), "camera setting", regimes);
        }
        if (remembered != null) {
            return capped(cameraId, remembered.retentionDays(), remembered.legalRegime(),
                    "last setting of the removed camera", regimes);
        }
        return new RetentionRule(cameraId, defaultDays, "retention " + defaultDays + " days (default; camera unknown)");
    }

    private static RetentionRule capped(String cameraId, int days, String regimeId, String source,
                                        Map<String, LegalRegime> regimes) {
        LegalRegime regime = regimeId == null ? null : regimes.get(regimeId);
        if (regime != null && regime.maxRetentionDays() < days) {
            return new RetentionRule(cameraId, regime.maxRetentionDays(), "retention " + regime.maxRetentionDays()
                    + " days (maximum of regime " + regimeId + "; " + source + " was " + days + ")");
        }
        return new RetentionRule(cameraId, days, "retention " + days + " days (" + source
                + (regimeId == null ? "" : "; regime " + regimeId) + ")");
    }
}
