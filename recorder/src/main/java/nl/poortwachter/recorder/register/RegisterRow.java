package nl.poortwachter.recorder.register;

import java.time.Instant;
import nl.poortwachter.recorder.camera.PipelineMode;

/**
 * A register entry as stored, with what the index knows of its camera: joined in when read, never copied into the
 * entry.
 *
 * @param id           the entry's number, what the API names it by (a natural key may be any text)
 * @param cameraId     the connected camera, or null: "to connect"
 * @param mode         the connected camera's pipeline mode, or null when not connected
 * @param recording    whether the connected camera is switched on
 * @param lastRecorded the end of the connected camera's newest recorded segment, or null when there is none
 */
public record RegisterRow(long id, RegisterEntry entry, String cameraId, PipelineMode mode, boolean recording,
                          Instant lastRecorded) {

    public boolean connected() {
        return cameraId != null;
    }
}
