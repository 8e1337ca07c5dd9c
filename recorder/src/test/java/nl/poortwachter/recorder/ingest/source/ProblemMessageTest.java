package nl.poortwachter.recorder.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import nl.poortwachter.media.rtsp.RtspException;
import nl.poortwachter.recorder.camera.ProbeResult.Problem;
import org.junit.jupiter.api.Test;

/** Our RTSP client's failures read the same as FFmpeg's in a camera's status. */
class ProblemMessageTest {
    @Test
    void everyRtspFailureKindBecomesTheProblemOfTheSameName() {
        for (RtspException.Kind kind : RtspException.Kind.values()) {
            assertEquals(kind.name(), ProblemMessage.problem(kind).name());
        }
    }

    @Test
    void anRtspFailureIsWordedAsTheCameraProblem() {
        RtspException refused = new RtspException(RtspException.Kind.auth_failed, "DESCRIBE refused: 401");
        assertEquals(ProblemMessage.of(Problem.auth_failed, "anything"), ProblemMessage.of(refused));
        RtspException other = new RtspException(RtspException.Kind.error, "the camera answered PLAY with 500 Oops");
        assertEquals("the camera answered PLAY with 500 Oops", ProblemMessage.of(other));
    }
}
