package nl.poortwachter.recorder.transcode;

import org.bytedeco.ffmpeg.global.avutil;

/** Error handling for raw libav calls. */
final class FfmpegCalls {
    static final int EAGAIN = -11;

    private FfmpegCalls() {
    }

    static int check(int result, String what) {
        if (result < 0 && result != EAGAIN && result != avutil.AVERROR_EOF) {
            byte[] buf = new byte[256];
            avutil.av_strerror(result, buf, buf.length);
            int n = 0;
            while (n < buf.length && buf[n] != 0) {
                n++;
            }
            throw new TranscodeException(what + " failed: " + new String(buf, 0, n) + " (" + result + ")");
        }
        return result;
    }
}
