package nl.poortwachter.recorder.database.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.PolicyOverride;
import nl.poortwachter.recorder.camera.PrivacyMask;
import nl.poortwachter.recorder.camera.TranscodeSettings;

/** The camera's pipeline settings as one JSON column: nested lists (masks) do not fit columns well. */
final class CameraPipelineJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Pipeline(PipelineMode mode, TranscodeSettings transcode, List<PrivacyMask> masks, PolicyOverride policyOverride) {
    }

    private CameraPipelineJson() {
    }

    static String write(CameraSpec c) {
        try {
            return JSON.writeValueAsString(new Pipeline(c.mode(), c.transcode(), c.masks(), c.policyOverride()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode pipeline of camera " + c.id(), e);
        }
    }

    static Pipeline read(String json) {
        if (json == null) {
            return new Pipeline(PipelineMode.transcode, null, List.of(), null);
        }
        try {
            return JSON.readValue(json, Pipeline.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt pipeline column: " + e.getOriginalMessage(), e);
        }
    }
}
