package nl.poortwachter.recorder.camera;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The libx264 options a camera may set beyond its preset: those that trade encoding speed against quality.
 * What the gateway relies on stays its own: keyframes only where it asks (fragments of about a second), no
 * B-frames and no lookahead (live latency), the thread count ({@code threads}), the rate control
 * ({@code bitrateKbps}/{@code crf}).
 */
public final class X264Params {
    /** x264's own names (as in {@code x264 --fullhelp}), used in FFmpeg's {@code -x264-params}. */
    public static final Set<String> ALLOWED = Set.of("cabac", "deblock", "aq-mode", "aq-strength", "subme", "me",
            "merange", "partitions", "8x8dct", "trellis", "ref", "weightp", "mixed-refs", "fast-pskip", "psy-rd", "nr",
            "no-dct-decimate");
    private static final Pattern ENTRY = Pattern.compile("([a-z0-9-]+)=([A-Za-z0-9.,+-]{1,32})");

    private X264Params() {
    }

    /** @throws InvalidCameraException naming the first entry that is malformed or not allowed */
    static void check(String params) {
        String problem = problem(params);
        if (problem != null) {
            throw new InvalidCameraException("transcode.x264Params", problem);
        }
    }

    /** What is wrong with {@code params} (the first entry that is malformed or not allowed), or null. */
    public static String problem(String params) {
        if (params.isBlank() || params.length() > 300) {
            return "must be key=value pairs joined by ':', at most 300 characters";
        }
        for (String entry : params.split(":", -1)) {
            var m = ENTRY.matcher(entry);
            if (!m.matches()) {
                return "'" + clip(entry) + "' is not key=value "
                        + "(values: letters, digits and . , + -; deblock takes 'on,alpha,beta', e.g. deblock=1,0,0)";
            }
            if (!ALLOWED.contains(m.group(1))) {
                return "'" + clip(m.group(1)) + "' cannot be set; allowed: " + ALLOWED.stream().sorted().toList();
            }
        }
        return null;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
