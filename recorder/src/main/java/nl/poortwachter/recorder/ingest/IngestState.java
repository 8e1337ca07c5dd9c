package nl.poortwachter.recorder.ingest;

/** Where a camera's ingest session is. */
public enum IngestState {
    /** Opening the RTSP session. */
    connecting,
    /** Packets are arriving. */
    streaming,
    /**
     * Packets are arriving but the pipeline has fallen behind by more than {@code capacity.maxLagSeconds}, or the
     * overload policy records it at key frames only: see the reason in the status's load (docs/decisions.md D42).
     */
    degraded,
    /** The last attempt failed; waiting before the next one. */
    backoff,
    /** Recording is switched off or the camera is being removed. */
    stopped,
    /** Will not retry without a change (e.g. unsupported codec); see the last error. */
    failed
}
