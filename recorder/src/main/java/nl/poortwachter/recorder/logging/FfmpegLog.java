package nl.poortwachter.recorder.logging;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * Routes libav's log (which goes straight to stderr otherwise, URLs with passwords included) through the
 * redactor into java.util.logging. Installed once per JVM; the callback object is kept reachable forever.
 */
public final class FfmpegLog extends LogCallback {
    private static final Logger LOGGER = Logger.getLogger("ffmpeg");
    private static FfmpegLog installed;

    private FfmpegLog() {
    }

    public static synchronized void install() {
        if (installed != null) {
            return;
        }
        installed = new FfmpegLog();
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        avutil.setLogCallback(installed);
    }

    @Override
    public void call(int level, BytePointer msg) {
        Level jul = level <= avutil.AV_LOG_ERROR ? Level.WARNING : level <= avutil.AV_LOG_INFO ? Level.INFO : Level.FINE;
        if (LOGGER.isLoggable(jul)) {
            String text = msg.getString().strip();
            if (!text.isEmpty()) {
                LOGGER.log(jul, "ffmpeg " + Redactor.redact(text));
            }
        }
    }
}
