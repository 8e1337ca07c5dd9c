package nl.poortwachter.media.rtsp;

import java.io.IOException;
import nl.poortwachter.media.rtsp.RtspException.Kind;

/**
 * Values a camera sent that the client uses again, checked rather than trusted (docs/decisions.md D46): a session id
 * and a channel within their range, a reason phrase made printable before it goes into a message, and whatever goes
 * back into a request free of line breaks (and of spaces where a URL goes).
 */
final class CameraValues {
    /** How much of a camera's reason phrase goes into a message. */
    static final int MAX_REASON = 80;

    private CameraValues() {
    }

    /** The id in a Session header ("id;timeout=60"): what comes before any parameter, and not nothing. */
    static String sessionId(String header) throws RtspException {
        String id = header == null ? "" : header.split(";", 2)[0].strip();
        if (id.isEmpty()) {
            throw new RtspException(Kind.error, "the camera's SETUP answer has no session");
        }
        return id;
    }

    /** The interleaved channel the camera chose: a byte in each frame's header, so 0-255. */
    static int channel(String digits) throws RtspException {
        int channel = digits.length() <= 3 ? Integer.parseInt(digits) : 256;
        if (channel > 255) {
            throw new RtspException(Kind.error, "the camera chose an interleaved channel outside 0-255");
        }
        return channel;
    }

    /**
     * The camera's reason phrase as it may go into a message (logs, probe answers): control characters replaced,
     * at most {@link #MAX_REASON} characters.
     */
    static String printable(String reason) {
        StringBuilder b = new StringBuilder(Math.min(reason.length(), MAX_REASON + 3));
        for (int i = 0; i < reason.length(); i++) {
            if (b.length() == MAX_REASON) {
                return b.append("...").toString();
            }
            char c = reason.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }

    /**
     * A value the camera gave us (its URLs, session id, challenge) on its way back into a request: a line break
     * in it would add lines of the camera's choosing, a space in a URL would break the request line.
     */
    static String sendable(String value, String what, boolean spaces) throws IOException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ' ' && !spaces) {
                throw new IOException("the camera's " + what + " holds a " + (c == ' ' ? "space" : "control character")
                        + " and cannot go into a request");
            }
        }
        return value;
    }

    static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
