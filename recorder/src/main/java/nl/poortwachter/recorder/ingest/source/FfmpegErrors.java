package nl.poortwachter.recorder.ingest.source;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.camera.ProbeResult.Problem;
import nl.poortwachter.recorder.logging.Redactor;

/** Turns FFmpeg's numeric errors into what an integrator can act on. */
final class FfmpegErrors {
    private static final Pattern CODE = Pattern.compile("error (-?\\d+)");
    static final int HTTP_UNAUTHORIZED = -fferrtag(0xF8, '4', '0', '1');
    static final int HTTP_FORBIDDEN = -fferrtag(0xF8, '4', '0', '3');
    static final int HTTP_NOT_FOUND = -fferrtag(0xF8, '4', '0', '4');
    static final int INVALIDDATA = -fferrtag('I', 'N', 'D', 'A');
    static final int EOF = -fferrtag('E', 'O', 'F', ' ');

    private FfmpegErrors() {
    }

    private static int fferrtag(int a, int b, int c, int d) {
        return a | b << 8 | c << 16 | d << 24;
    }

    public static Problem classify(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage();
        Matcher m = CODE.matcher(message);
        int code = m.find() ? Integer.parseInt(m.group(1)) : 0;
        if (code == HTTP_UNAUTHORIZED || code == HTTP_FORBIDDEN) {
            return Problem.auth_failed;
        }
        if (code == HTTP_NOT_FOUND) {
            return Problem.not_found;
        }
        if (code == -111 || code == -113 || code == -101 || code == -99 || code == -2 || message.contains("resolve")) {
            return Problem.unreachable;
        }
        if (code == -110 || code == -11) {
            return Problem.timeout;
        }
        return Problem.error;
    }

    /** A short, credential-free description. */
    public static String describe(Throwable t) {
        Problem p = classify(t);
        // JavaCV appends hints meant for its own developers; the integrator needs FFmpeg's part only.
        String detail = Redactor.redact(String.valueOf(t.getMessage())
                .replace(" (Has setFormat() been called?)", "")
                .replace(" (For more details, make sure FFmpegLogCallback.set() has been called.)", "")
                .strip());
        return ProblemMessage.of(p, detail);
    }
}
