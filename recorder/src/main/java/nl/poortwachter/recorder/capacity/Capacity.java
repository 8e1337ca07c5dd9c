package nl.poortwachter.recorder.capacity;

import java.util.Optional;
import nl.poortwachter.recorder.camera.CameraSpec;

/** The recorder's capacity as the gateway sees it (docs/decisions.md D42). */
public interface Capacity {
    /** The latest figures (measured once a second). */
    CapacityReport report();

    /**
     * Whether the camera as proposed (added, or changed: its current cost is counted as freed) fits in the room
     * left; a warning for people if it does not. The change is not refused: see D42.
     */
    Optional<String> warningFor(CameraSpec proposed);

    /** Told when the overload policy reduces or restores a camera. */
    void addListener(CapacityListener listener);
}
