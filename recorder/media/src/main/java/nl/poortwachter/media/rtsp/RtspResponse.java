package nl.poortwachter.media.rtsp;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An RTSP response: status, headers (names lower-cased; a name may repeat) and body. */
record RtspResponse(int status, String reason, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> all(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    int cseq() {
        String v = header("cseq");
        try {
            return v == null ? -1 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
