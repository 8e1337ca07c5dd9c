package nl.poortwachter.media.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import nl.poortwachter.media.fuzzing.Allocation;
import nl.poortwachter.media.fuzzing.FuzzedForReal;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A camera's side of the RTSP handshake (OPTIONS, DESCRIBE, SETUP, PLAY), played to our client by a scripted
 * camera on a loopback port (docs/fuzzing.md). Contract: start() ends in a result or an RtspException whose
 * message is short, printable text; every request the client sends is well-formed RTSP whatever the camera
 * put in the values it echoes (session, URLs, challenge), and there are never more than the handshake needs.
 * The RTP that follows PLAY is the InterleavedInput and RtpDepacketizer targets' business.
 */
@ExtendWith(FuzzedForReal.class)
class RtspClientFuzzTest {
    private static final ScriptedCamera CAMERA = ScriptedCamera.start();
    private static final Set<String> METHODS = Set.of("OPTIONS", "DESCRIBE", "SETUP", "PLAY", "TEARDOWN", "GET_PARAMETER");
    /** Four requests, each possibly repeated once with credentials, and the TEARDOWN. */
    private static final int MAX_REQUESTS = 9;
    private static final Pattern HEADER = Pattern.compile("[A-Za-z-]+: [^\\x00-\\x1f\\x7f]*");
    private static final String PASSWORD = "fuzz-secret";

    /** Header names and parameters the client reads, which mutations of the seeds rarely spell out. */
    @DictionaryEntries({"Session: ", ";timeout=", "interleaved=", "Transport: RTP/AVP/TCP;unicast;", "Content-Base: ",
            "Content-Length: ", "WWW-Authenticate: Digest ", "WWW-Authenticate: Basic", "nonce=", "qop=auth", "RTSP/1.0 401",
            "a=control:", "a=rtpmap:96 ", "99999999999999999999"})
    @FuzzTest
    void start(byte[] cameraBytes) throws Exception {
        FuzzedForReal.saw(cameraBytes);
        int openBefore = RtspClient.open();
        ScriptedCamera.Script script = CAMERA.next(cameraBytes);
        String url = "rtsp://127.0.0.1:" + CAMERA.port() + "/cam/realmonitor?channel=1&subtype=0";
        try (SilentCloseable onlyTheCamera = BugDetectors.allowNetworkConnections(
                (host, port) -> port == CAMERA.port() && (host.equals("127.0.0.1") || host.equals("localhost")))) {
            Allocation.atMost(512 * 1024, 32, cameraBytes.length, () -> {
                try (RtspClient client = new RtspClient(url, "admin", PASSWORD, Duration.ofSeconds(5))) {
                    client.start((data, length, timestamp, damaged) -> { });
                } catch (RtspException e) {
                    String m = e.getMessage();
                    // Not "never holds the password": the reason phrase is the camera's to choose, and fuzzing
                    // found that it may hold anything, the password included. What a message may hold is bounded.
                    assertTrue(m != null && m.length() <= 300 && m.chars().noneMatch(c -> c < 0x20 || c == 0x7f),
                            () -> "exception message: " + m);
                }
            });
        }
        assertEquals(openBefore, RtspClient.open(), "a client left open");
        checkRequests(new String(script.clientBytes().get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    private static void checkRequests(String sent) {
        String[] requests = sent.split("\r\n\r\n", -1);
        assertEquals("", requests[requests.length - 1], "a request not ended by an empty line");
        assertTrue(requests.length - 1 <= MAX_REQUESTS, () -> requests.length - 1 + " requests");
        for (int i = 0; i < requests.length - 1; i++) {
            String[] lines = requests[i].split("\r\n", -1);
            String[] requestLine = lines[0].split(" ", -1);
            assertTrue(requestLine.length == 3 && METHODS.contains(requestLine[0]) && requestLine[2].equals("RTSP/1.0")
                    && requestLine[1].chars().noneMatch(c -> c <= 0x20 || c == 0x7f), () -> "request line " + lines[0]);
            for (int j = 1; j < lines.length; j++) {
                String line = lines[j];
                assertTrue(HEADER.matcher(line).matches(), () -> "header line " + line);
            }
        }
    }
}
