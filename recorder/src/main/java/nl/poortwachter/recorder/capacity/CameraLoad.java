package nl.poortwachter.recorder.capacity;

/**
 * One camera in the capacity report.
 *
 * @param cpuCores     what its pipeline costs now: CPU time of its ingest thread per second (1.0 = one core)
 * @param lagMillis    how far its newest footage on disk is behind now; null before the first fragment
 * @param keyframesOnly the overload policy records it at key frames only
 */
public record CameraLoad(String cameraId, String mode, String state, double cpuCores, Long lagMillis, double cameraFps,
                         double processedFps, boolean keyframesOnly) {
}
