package nl.poortwachter.recorder;

public final class NoSuchCameraException extends RuntimeException {
    public NoSuchCameraException(String id) {
        super("no camera with id '" + id + "'");
    }
}
