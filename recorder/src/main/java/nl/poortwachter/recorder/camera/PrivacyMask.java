package nl.poortwachter.recorder.camera;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An area that must never be recorded or shown (a neighbour's window, a private garden), in normalised
 * coordinates 0..1 of the picture: either {@code rect} [x, y, width, height] or {@code polygon} [[x, y], …].
 * Burnt into the frames before encoding, so the masked pixels do not exist anywhere after the gateway.
 *
 * @param fill  {@code solid} (a flat colour) or {@code blur} (coarse blocks, smoothed: shapes stay recognisable
 *              as shapes, people not as people)
 * @param color for solid: "#rrggbb", default black
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrivacyMask(List<Double> rect, List<List<Double>> polygon, Fill fill, String color) {

    public enum Fill { solid, blur }

    /** The mask's outline as polygon points (a rectangle becomes its four corners). */
    public double[][] outline() {
        if (rect != null) {
            double x = rect.get(0);
            double y = rect.get(1);
            double w = rect.get(2);
            double h = rect.get(3);
            return new double[][] {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
        }
        double[][] out = new double[polygon.size()][];
        for (int i = 0; i < polygon.size(); i++) {
            out[i] = new double[] {polygon.get(i).get(0), polygon.get(i).get(1)};
        }
        return out;
    }

    /** Solid colour as Y, Cb, Cr (BT.601 limited range, what H.264 cameras and x264 use by default). */
    public int[] yuv() {
        String c = color == null ? "#000000" : color;
        int rgb = Integer.parseInt(c.substring(1), 16);
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        int y = (int) Math.round(16 + 65.481 * r / 255 + 128.553 * g / 255 + 24.966 * b / 255);
        int cb = (int) Math.round(128 - 37.797 * r / 255 - 74.203 * g / 255 + 112.0 * b / 255);
        int cr = (int) Math.round(128 + 112.0 * r / 255 - 93.786 * g / 255 - 18.214 * b / 255);
        return new int[] {y, cb, cr};
    }
}
