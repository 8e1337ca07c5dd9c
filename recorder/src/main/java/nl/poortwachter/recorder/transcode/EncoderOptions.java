package nl.poortwachter.recorder.transcode;

import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.camera.VideoEncoder;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Each encoder's options for the same promise: H.264 without B-frames, keyframes only every GOP (fragments of
 * about a second), nothing held back for lookahead (live latency), the camera's bitrate or quality. The names
 * are FFmpeg's per-encoder options ({@code ffmpeg -h encoder=NAME}).
 */
final class EncoderOptions {
    private EncoderOptions() {
    }

    /** The pixel format the encoder takes from system memory (VA-API: what is uploaded to the GPU). */
    static int inputFormat(VideoEncoder kind) {
        return kind == VideoEncoder.h264_qsv || kind == VideoEncoder.h264_vaapi ? avutil.AV_PIX_FMT_NV12 : avutil.AV_PIX_FMT_YUV420P;
    }

    static void apply(VideoEncoder kind, TranscodeSettings s, AVCodecContext ctx, AVDictionary options) {
        Integer crf = s.bitrateKbps() == null ? s.crf() : null;
        if (crf == null) {
            long bps = s.bitrateKbps() * 1000L;
            ctx.bit_rate(bps);
            ctx.rc_max_rate(bps * 3 / 2);
            ctx.rc_buffer_size((int) Math.min(Integer.MAX_VALUE, bps * 2));
        }
        switch (kind) {
            case libx264 -> {
                ctx.thread_count(s.threads());
                set(options, "preset", s.preset());
                // zerolatency: no lookahead, no frame threads (sliced threads instead): a picture leaves at once.
                set(options, "tune", "zerolatency");
                if (crf != null) {
                    set(options, "crf", crf.toString());
                }
                // A keyframe only where we ask (GOP), not at every scene change: fragments stay about a second.
                // Last, so that nothing a camera sets can undo it.
                set(options, "x264-params", (s.x264Params() == null ? "" : s.x264Params() + ":") + "scenecut=0");
            }
            case libopenh264 -> {
                ctx.thread_count(s.threads());
                // Rate control by bitrate (openh264 has no constant-quality mode here); never skip pictures.
                set(options, "rc_mode", "bitrate");
                set(options, "allow_skip_frames", "0");
            }
            case h264_nvenc -> {
                set(options, "preset", "p4");
                set(options, "tune", "ll");
                set(options, "zerolatency", "1");
                set(options, "delay", "0");
                set(options, "forced-idr", "1");
                set(options, "rc", "vbr");
                if (crf != null) {
                    set(options, "cq", crf.toString());
                }
            }
            case h264_qsv -> {
                set(options, "preset", "veryfast");
                set(options, "async_depth", "1");
                if (crf != null) {
                    ctx.global_quality(crf);
                }
            }
            case h264_vaapi -> {
                set(options, "rc_mode", crf != null ? "CQP" : "VBR");
                if (crf != null) {
                    ctx.global_quality(crf);
                }
            }
            default -> throw new IllegalArgumentException("not an encoder: " + kind);
        }
    }

    private static void set(AVDictionary options, String key, String value) {
        avutil.av_dict_set(options, key, value, 0);
    }
}
