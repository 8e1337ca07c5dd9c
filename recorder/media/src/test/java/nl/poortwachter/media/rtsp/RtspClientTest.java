package nl.poortwachter.media.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client against a scripted camera on a loopback port: what it makes of odd answers, and what it sends. */
class RtspClientTest {
    private static final ScriptedCamera CAMERA = ScriptedCamera.start();
    private static final String OPTIONS = "RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY\r\n\r\n";
    private static final String SDP = "v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:stream=0\r\n";

    private static String describe(String contentBase) {
        return "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\nContent-Base: " + contentBase
                + "\r\nContent-Length: " + SDP.length() + "\r\n\r\n" + SDP;
    }

    private static String setup(String transport, String session) {
        return "RTSP/1.0 200 OK\r\nCSeq: 3\r\nTransport: " + transport + "\r\nSession: " + session + "\r\n\r\n";
    }

    private static final String PLAY = "RTSP/1.0 200 OK\r\nCSeq: 4\r\n\r\n";
    private static final String TCP = "RTP/AVP/TCP;unicast;interleaved=0-1";

    /** What the client did with these answers: the exception start() ended in, and the requests it sent. */
    private record Outcome(RtspException error, List<String> requests) {
    }

    private static Outcome run(String... answers) throws Exception {
        ScriptedCamera.Script script = CAMERA.next(String.join("", answers).getBytes(StandardCharsets.ISO_8859_1));
        RtspException error = null;
        try (RtspClient client = new RtspClient("rtsp://127.0.0.1:" + CAMERA.port() + "/cam", null, null, Duration.ofSeconds(5))) {
            client.start((d, n, ts, damaged) -> { });
        } catch (RtspException e) {
            error = e;
        }
        String sent = new String(script.clientBytes().get(10, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
        return new Outcome(error, List.of(sent.split("\r\n\r\n")));
    }

    /**
     * Fuzzing finding: a Content-Base with a space ("…/smalBasicerver: GStreamer RTSP server") went into the
     * SETUP request line, which then had four fields; a line break would have added a header of the camera's
     * choosing. Values from the camera that go back into a request are checked first.
     */
    @Test
    void aUrlThatWouldBreakTheRequestIsNotSent() throws Exception {
        Outcome o = run(OPTIONS, describe("rtsp://127.0.0.1/cam bad/"));
        assertEquals(RtspException.Kind.error, o.error().kind());
        assertEquals("RTSP exchange failed: the camera's URL holds a space and cannot go into a request", o.error().getMessage());
        assertEquals(2, o.requests().size(), "OPTIONS and DESCRIBE only: " + o.requests());
        Outcome lineBreak = run(OPTIONS, describe("rtsp://127.0.0.1/cam\nX-Injected: 1"));
        assertEquals(2, lineBreak.requests().size(), "OPTIONS and DESCRIBE only: " + lineBreak.requests());
    }

    /**
     * Fuzzing finding: the camera's reason phrase went into the exception message as it came, control characters
     * and all, up to the 64 KiB of a header; the message reaches logs and probe answers.
     */
    @Test
    void theReasonPhraseGoesIntoTheMessagePrintableAndShort() throws Exception {
        String reason = "Bad\u001b[31m\u0000" + "x".repeat(5000);
        Outcome o = run(OPTIONS, "RTSP/1.0 500 " + reason + "\r\nCSeq: 2\r\n\r\n");
        String m = o.error().getMessage();
        assertEquals("the camera answered DESCRIBE with 500 Bad?[31m?" + "x".repeat(71) + "...", m);
    }

    @Test
    void aWellFormedHandshakeReachesPlay() throws Exception {
        Outcome o = run(OPTIONS, describe("rtsp://127.0.0.1/cam/"), setup(TCP, "abc;timeout=60"), PLAY);
        assertNull(o.error());
        assertTrue(o.requests().get(3).startsWith("PLAY rtsp://127.0.0.1/cam/ RTSP/1.0"), o.requests().get(3));
        assertTrue(o.requests().get(3).contains("\r\nSession: abc"), o.requests().get(3));
    }

    /**
     * Fuzzing finding: "interleaved=099999999999999999999-1" threw NumberFormatException out of start(); a
     * channel above 255 (a byte in the frame header) would never match a frame and the stream would stall.
     */
    @Test
    void anInterleavedChannelOutsideAByteIsRefused() throws Exception {
        for (String channel : new String[] {"099999999999999999999-1", "256-257"}) {
            Outcome o = run(OPTIONS, describe("rtsp://127.0.0.1/cam/"), setup("RTP/AVP/TCP;unicast;interleaved=" + channel, "abc"));
            assertEquals(RtspException.Kind.error, o.error().kind(), channel);
            assertEquals("the camera chose an interleaved channel outside 0-255", o.error().getMessage());
        }
    }

    /**
     * Found reviewing the client for its fuzz target: a session timeout too long for a long threw
     * NumberFormatException out of start(); it now leaves the default keep-alive.
     */
    @Test
    void aSessionTimeoutTooLongToReadKeepsTheDefault() throws Exception {
        Outcome o = run(OPTIONS, describe("rtsp://127.0.0.1/cam/"), setup(TCP, "abc;timeout=99999999999999999999"), PLAY);
        assertNull(o.error());
    }

    /** Found reviewing the client for its fuzz target: "Session: ;timeout=60" threw ArrayIndexOutOfBoundsException. */
    @Test
    void aSessionHeaderWithoutAnIdIsRefused() throws Exception {
        for (String session : new String[] {";timeout=60", ";", " "}) {
            Outcome o = run(OPTIONS, describe("rtsp://127.0.0.1/cam/"), setup(TCP, session));
            assertEquals("the camera's SETUP answer has no session", o.error().getMessage(), session);
        }
    }
}
