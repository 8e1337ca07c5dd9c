package nl.poortwachter.recorder.ingest;

/**
 * How a streaming camera's pipeline keeps up (docs/decisions.md D42), measured by the capacity monitor once a second.
 *
 * @param processedFps   pictures per second that went through the pipeline (the camera's own rate is the status's
 *                       {@code fps}); below it the pipeline falls behind, above it it catches up on a backlog
 * @param lagMillis      how far the newest footage on disk is behind now; null before the first fragment is written
 * @param cpuPercent     CPU time of the camera's ingest thread (reading, decoding, encoding, muxing), % of one core
 * @param degradedReason why the camera is {@code degraded}, or null
 * @param shedding       what the overload policy does to this camera (e.g. "keyframes"), or null
 */
public record IngestLoad(double processedFps, Long lagMillis, double cpuPercent, String degradedReason, String shedding) {
}
