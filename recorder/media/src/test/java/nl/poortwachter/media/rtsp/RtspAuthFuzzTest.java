package nl.poortwachter.media.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.poortwachter.media.fuzzing.Allocation;
import nl.poortwachter.media.fuzzing.FuzzedForReal;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WWW-Authenticate values of a camera's 401, one per line of the input (docs/fuzzing.md). Contract: never
 * an exception; an answer only to a challenge we can meet, whose values read back as the camera gave them,
 * with the digest computed over exactly those values.
 */
@ExtendWith(FuzzedForReal.class)
class RtspAuthFuzzTest {
    private static final String USER = "admin";
    private static final String PASSWORD = "fuzz-secret";
    private static final String URI = "rtsp://127.0.0.1:554/cam/realmonitor?channel=1&subtype=0";

    @FuzzTest
    void answer(byte[] input) throws Exception {
        FuzzedForReal.saw(input);
        List<String> challenges = List.of(new String(input, StandardCharsets.ISO_8859_1).split("\n", -1));
        RtspAuth auth = new RtspAuth(USER, PASSWORD);
        String[] headers = new String[2];
        Allocation.atMost(8 * 1024, 64, input.length, () -> {
            if (auth.accept(challenges)) {
                headers[0] = auth.authorization("DESCRIBE", URI);
                headers[1] = auth.authorization("SETUP", URI + "/trackID=1");
            }
        });
        Map<String, String> digest = digestChallenge(challenges);
        if (digest != null) {
            checkDigest(headers[0], digest, "DESCRIBE", URI, 1);
            checkDigest(headers[1], digest, "SETUP", URI + "/trackID=1", 2);
        } else if (challenges.stream().anyMatch(c -> c.trim().regionMatches(true, 0, "Basic", 0, 5))) {
            String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertEquals(basic, headers[0]);
        } else {
            assertNull(headers[0], "an answer to a challenge we cannot meet");
        }
    }

    /** The challenge RtspAuth must answer: the first Digest one with MD5 and a nonce. */
    private static Map<String, String> digestChallenge(List<String> challenges) {
        for (String c : challenges) {
            String v = c.trim();
            if (v.regionMatches(true, 0, "Digest ", 0, 7)) {
                Map<String, String> p = RtspAuth.params(v.substring(7));
                if (p.getOrDefault("algorithm", "MD5").equalsIgnoreCase("MD5") && p.containsKey("nonce")) {
                    return p;
                }
            }
        }
        return null;
    }

    private static void checkDigest(String header, Map<String, String> challenge, String method, String uri, int count) {
        assertTrue(header != null && header.startsWith("Digest "), header);
        Map<String, String> p = RtspAuth.params(header.substring(7));
        assertEquals(USER, p.get("username"));
        assertEquals(challenge.getOrDefault("realm", ""), p.get("realm"), "realm read back");
        assertEquals(challenge.get("nonce"), p.get("nonce"), "nonce read back");
        assertEquals(challenge.get("opaque"), p.get("opaque"), "opaque read back");
        assertEquals(uri, p.get("uri"), "uri read back");
        String ha1 = RtspAuth.md5(USER + ":" + p.get("realm") + ":" + PASSWORD);
        String ha2 = RtspAuth.md5(method + ":" + uri);
        String qop = challenge.get("qop");
        if (qop != null && List.of(qop.toLowerCase(Locale.ROOT).split("\\s*,\\s*")).contains("auth")) {
            assertEquals(String.format(Locale.ROOT, "%08x", count), p.get("nc"), "nonce count");
            assertEquals(RtspAuth.md5(ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2),
                    p.get("response"));
        } else {
            assertEquals(RtspAuth.md5(ha1 + ":" + p.get("nonce") + ":" + ha2), p.get("response"));
        }
    }
}
