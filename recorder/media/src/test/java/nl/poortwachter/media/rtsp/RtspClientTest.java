package nl.poortwachter.media.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    /** What the client did with these answers: the exception start() ended in, and the requests it sent. */
    private record Outcome(RtspException error, List<String> requests) {
    }

    private static Outcome run(String... answers) throws Exception {
        ScriptedCamera.Script script = CAMERA.next(String.join("", answers).getBytes(StandardCharsets.ISO_8859_1));
        RtspException error;
        try (RtspClient client = new RtspClient("rtsp://127.0.0.1:" + CAMERA.port() + "/cam", null, null, Duration.ofSeconds(5))) {
            error = assertThrows(RtspException.class, () -> client.start((d, n, ts, damaged) -> { }));
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
}
