package nl.poortwachter.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import nl.poortwachter.recorder.camera.CameraSpec;

/**
 * The sections of gateway.yaml with a structure of their own, exactly as written (absent is null), read by Jackson
 * so that a wrong field inside them is named with its place. The other keys are the table's ({@link TableReader}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Structures(Map<String, Regime> legalRegimes, List<CameraSpec> cameras) {

    /** @param processingActivity URI of the regime's entry in the municipality's processing register */
    record Regime(String description, Integer maxRetentionDays, String processingActivity) {
    }
}
