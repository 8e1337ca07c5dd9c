package nl.poortwachter.recorder.secrets;

/** A camera's stored password cannot be opened; the message names the camera and key ids, never key material. */
public final class SealedCredentialException extends RuntimeException {
    public SealedCredentialException(String cameraId, String why) {
        super("camera '" + cameraId + "': " + why);
    }
}
