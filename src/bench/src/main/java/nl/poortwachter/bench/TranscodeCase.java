package nl.poortwachter.bench;

import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.camera.VideoEncoder;

/**
 * One encoder setting of "bench transcode", as the gateway's {@link TranscodeSettings} and as the same settings
 * on the ffmpeg command line. Every case: 1080p in, 1080p out, 2 Mbit/s (VBV max 3 Mbit/s, buffer 4 Mbit),
 * GOP 50, no B-frames, zerolatency for libx264 (what the gateway always sets).
 *
 * @param threads decoder and encoder threads, on both sides
 */
record TranscodeCase(String name, VideoEncoder encoder, String preset, String x264Params, int threads) {
    static final int BITRATE_KBPS = 2000;
    static final int GOP = 50;

    /** What is measured by default: the presets, the cheap libx264 options that buy quality back, openh264, threads. */
    static List<TranscodeCase> defaults() {
        List<TranscodeCase> all = new ArrayList<>();
        all.add(x264("veryfast", null));
        all.add(x264("superfast", null));
        all.add(x264("superfast", "subme=0:partitions=none"));
        all.add(x264("ultrafast", null));
        all.add(x264("ultrafast", "cabac=1"));
        all.add(x264("ultrafast", "aq-mode=1"));
        all.add(x264("ultrafast", "cabac=1:aq-mode=1"));
        all.add(x264("ultrafast", "cabac=1:deblock=1,0,0:aq-mode=1"));
        all.add(new TranscodeCase("libx264 ultrafast cabac=1:aq-mode=1, 2 threads", VideoEncoder.libx264, "ultrafast",
                "cabac=1:aq-mode=1", 2));
        all.add(new TranscodeCase("libopenh264", VideoEncoder.libopenh264, null, null, 1));
        return all;
    }

    private static TranscodeCase x264(String preset, String params) {
        return new TranscodeCase("libx264 " + preset + (params == null ? "" : " " + params), VideoEncoder.libx264, preset,
                params, 1);
    }

    TranscodeSettings settings() {
        return new TranscodeSettings(preset, null, BITRATE_KBPS, GOP, null, null, threads, encoder, x264Params);
    }

    /** The ffmpeg arguments after the input: the same encoder with the same options as the gateway sets them. */
    List<String> cliEncoderArgs() {
        List<String> a = new ArrayList<>(List.of("-an", "-fps_mode", "passthrough", "-c:v", encoder.name(),
                "-threads", Integer.toString(threads)));
        if (encoder == VideoEncoder.libx264) {
            a.addAll(List.of("-preset", preset, "-tune", "zerolatency", "-x264-params",
                    (x264Params == null ? "" : x264Params + ":") + "scenecut=0"));
        } else if (encoder == VideoEncoder.libopenh264) {
            a.addAll(List.of("-rc_mode", "bitrate", "-allow_skip_frames", "0"));
        } else {
            throw new IllegalArgumentException("bench transcode measures software encoders: " + encoder);
        }
        a.addAll(List.of("-b:v", BITRATE_KBPS + "k", "-maxrate", BITRATE_KBPS * 3 / 2 + "k",
                "-bufsize", BITRATE_KBPS * 2 + "k", "-g", Integer.toString(GOP), "-bf", "0"));
        return a;
    }
}
