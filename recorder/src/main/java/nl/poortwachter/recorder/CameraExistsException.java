package nl.poortwachter.recorder;

public final class CameraExistsException extends RuntimeException {
    public CameraExistsException(String id) {
        super("a camera with id '" + id + "' already exists");
    }
}
