package nl.poortwachter.recorder.retention;

import java.time.Instant;
import java.util.List;

/**
 * The storage reserve as last checked.
 *
 * @param alarm         free space is under the floor (stays on until it is back above floor + margin)
 * @param pausedCameras cameras whose recording the reserve stopped (policy stop-cameras)
 */
public record ReserveStatus(boolean alarm, long freeBytes, long floorBytes, ReservePolicy policy,
                            List<String> pausedCameras, Instant checkedAt, String detail) {
}
