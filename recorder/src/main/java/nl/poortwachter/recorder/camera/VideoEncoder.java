package nl.poortwachter.recorder.camera;

/**
 * Which H.264 encoder re-encodes a transcoded camera (the names are FFmpeg's). Hardware encoders are found at
 * start-up by opening each once; a camera that asks for one the machine lacks is encoded with {@code libx264}
 * instead, and says so in its status (docs/decisions.md D31).
 * <ul>
 * <li>{@code libx264} (default): software, the measured default settings (docs/benchmarks.md);</li>
 * <li>{@code libopenh264}: software (Cisco's encoder), Constrained Baseline;</li>
 * <li>{@code h264_nvenc}: NVIDIA GPUs with NVENC, fed system-memory YUV 4:2:0;</li>
 * <li>{@code h264_qsv}: Intel Quick Sync, fed system-memory NV12;</li>
 * <li>{@code h264_vaapi}: VA-API (Intel/AMD under Linux), pictures uploaded to the GPU as NV12;</li>
 * <li>{@code auto}: the first hardware encoder found, in the order above, else {@code libx264}.</li>
 * </ul>
 */
public enum VideoEncoder {
    auto, libx264, libopenh264, h264_nvenc, h264_qsv, h264_vaapi;

    public boolean isHardware() {
        return this == h264_nvenc || this == h264_qsv || this == h264_vaapi;
    }
}
