package nl.poortwachter.recorder.transcode;

/** A libav call of the transcoder failed; the session ends and reconnects. */
public final class TranscodeException extends RuntimeException {
    public TranscodeException(String message) {
        super(message);
    }
}
