package nl.poortwachter.recorder.camera;

/**
 * What the gateway does with a camera's video before anyone else sees it.
 * <ul>
 * <li>{@code transcode} (default): decode, burn in privacy masks, re-encode H.264 — nothing the camera encoded
 *     reaches storage or a viewer;</li>
 * <li>{@code passthrough}: the camera's own H.264/H.265, cleaned of SEI and unknown NAL units; cheaper, for
 *     cameras the policy trusts.</li>
 * </ul>
 */
public enum PipelineMode {
    transcode, passthrough
}
