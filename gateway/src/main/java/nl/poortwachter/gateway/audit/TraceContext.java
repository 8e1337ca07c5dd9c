package nl.poortwachter.gateway.audit;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * W3C Trace Context for one request: the trace it belongs to, our span in it, and the caller's span when a valid
 * {@code traceparent} header came in. The audit log and the processing log join on {@code traceId}; a municipal
 * application calling the gateway passes its traceparent so that its own processing log joins ours too.
 */
public record TraceContext(String traceId, String spanId, String parentSpanId) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TRACEPARENT =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    /** Honours a valid header; anything malformed starts a new trace (the spec says: ignore it). */
    public static TraceContext fromHeader(String traceparent) {
        if (traceparent != null) {
            var m = TRACEPARENT.matcher(traceparent.strip());
            if (m.matches() && !m.group(1).equals("ff") && !m.group(2).equals(ZERO_TRACE)
                    && !m.group(3).equals(ZERO_SPAN) && (!m.group(1).equals("00") || m.group(5) == null)) {
                return new TraceContext(m.group(2), newSpanId(), m.group(3));
            }
        }
        return root();
    }

    public static TraceContext root() {
        return new TraceContext(hex(16), newSpanId(), null);
    }

    /** A child span in the same trace, e.g. the end of a live view that started in this request. */
    public TraceContext child() {
        return new TraceContext(traceId, newSpanId(), spanId);
    }

    /** The header to pass on to a system we call (and to return, so a client can correlate). */
    public String header() {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    public static String newSpanId() {
        return hex(8);
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        do {
            RANDOM.nextBytes(b);
        } while (allZero(b));
        return HexFormat.of().formatHex(b);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
