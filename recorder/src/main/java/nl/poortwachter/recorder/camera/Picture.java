package nl.poortwachter.recorder.camera;

/**
 * One decoded picture of a camera as a JPEG, for an integrator to check the view and draw privacy masks on.
 * Width and height are those of the JPEG (it may be scaled down from the camera's picture).
 */
public record Picture(byte[] jpeg, int width, int height) {
    @Override
    public String toString() {
        return "Picture[" + width + "x" + height + ", " + jpeg.length + " bytes]";
    }
}
