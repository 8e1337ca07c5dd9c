package nl.poortwachter.recorder.transcode;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.recorder.camera.PrivacyMask;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Burns privacy masks into YUV420P frames before they are encoded. Each mask is rasterised once per frame
 * size into row spans (even-odd polygon fill at pixel centres); per frame only those spans are touched.
 * Solid masks get a flat colour. Blur masks are pixelated into blocks of a third of the mask's larger side
 * (at least 16 pixels), each the mean of its pixels: a person becomes a few flat patches, no detail survives.
 */
final class MaskPainter {
    private static final int MIN_BLOCK = 16;

    private record Spans(PrivacyMask mask, int[] rows, int[] from, int[] to, int minX, int minY, int maxX, int maxY) {
    }

    private final List<PrivacyMask> masks;
    private List<Spans> luma = List.of();
    private List<Spans> chroma = List.of();
    private int width = -1;
    private int height = -1;
    private int[] blockSums = new int[0];

    MaskPainter(List<PrivacyMask> masks) {
        this.masks = List.copyOf(masks);
    }

    boolean isEmpty() {
        return masks.isEmpty();
    }

    /** @param fullRange the picture's values span 0–255 (a full-range camera passed through unconverted) */
    void paint(AVFrame frame, boolean fullRange) {
        int w = frame.width();
        int h = frame.height();
        if (w != width || h != height) {
            width = w;
            height = h;
            luma = rasterise(w, h);
            chroma = rasterise((w + 1) / 2, (h + 1) / 2);
        }
        for (int plane = 0; plane < 3; plane++) {
            int stride = frame.linesize(plane);
            int planeHeight = plane == 0 ? h : (h + 1) / 2;
            ByteBuffer pixels = frame.data(plane).capacity((long) stride * planeHeight).asByteBuffer();
            List<Spans> spans = plane == 0 ? luma : chroma;
            for (Spans s : spans) {
                if (s.mask().fill() == PrivacyMask.Fill.solid) {
                    fill(pixels, stride, s, (byte) colour(s.mask(), plane, fullRange));
                } else {
                    blur(pixels, stride, s);
                }
            }
        }
    }

    /** The mask's colour in the picture's range: {@link PrivacyMask#yuv()} is limited range (Y 16–235, C 16–240). */
    private static int colour(PrivacyMask mask, int plane, boolean fullRange) {
        int v = mask.yuv()[plane];
        if (!fullRange) {
            return v;
        }
        int full = plane == 0 ? Math.round((v - 16) * 255f / 219) : Math.round((v - 128) * 255f / 224 + 128);
        return Math.max(0, Math.min(255, full));
    }

    private static void fill(ByteBuffer px, int stride, Spans s, byte value) {
        for (int i = 0; i < s.rows().length; i++) {
            int base = s.rows()[i] * stride;
            for (int x = s.from()[i]; x < s.to()[i]; x++) {
                px.put(base + x, value);
            }
        }
    }

    /** Block means over the mask's bounding box, then each span pixel takes its block's mean. */
    private void blur(ByteBuffer px, int stride, Spans s) {
        int block = Math.max(MIN_BLOCK, (Math.max(s.maxX() - s.minX(), s.maxY() - s.minY()) + 3) / 3);
        int bw = (s.maxX() - s.minX() + block) / block;
        int bh = (s.maxY() - s.minY() + block) / block;
        if (blockSums.length < bw * bh * 2) {
            blockSums = new int[bw * bh * 2];
        }
        java.util.Arrays.fill(blockSums, 0, bw * bh * 2, 0);
        for (int y = s.minY(); y <= s.maxY(); y++) {
            int row = (y - s.minY()) / block * bw;
            for (int x = s.minX(); x <= s.maxX(); x++) {
                int b = (row + (x - s.minX()) / block) * 2;
                blockSums[b] += px.get(y * stride + x) & 0xff;
                blockSums[b + 1]++;
            }
        }
        for (int i = 0; i < s.rows().length; i++) {
            int y = s.rows()[i];
            int row = (y - s.minY()) / block * bw;
            for (int x = s.from()[i]; x < s.to()[i]; x++) {
                int b = (row + (x - s.minX()) / block) * 2;
                px.put(y * stride + x, (byte) (blockSums[b] / Math.max(1, blockSums[b + 1])));
            }
        }
    }

    private List<Spans> rasterise(int w, int h) {
        List<Spans> out = new ArrayList<>();
        for (PrivacyMask m : masks) {
            double[][] pts = m.outline();
            List<int[]> spans = new ArrayList<>();
            int minX = Integer.MAX_VALUE;
            int minY = Integer.MAX_VALUE;
            int maxX = -1;
            int maxY = -1;
            for (int y = 0; y < h; y++) {
                double cy = (y + 0.5) / h;
                List<Double> xs = new ArrayList<>();
                for (int i = 0; i < pts.length; i++) {
                    double[] a = pts[i];
                    double[] b = pts[(i + 1) % pts.length];
                    if ((a[1] <= cy && b[1] > cy) || (b[1] <= cy && a[1] > cy)) {
                        xs.add(a[0] + (cy - a[1]) / (b[1] - a[1]) * (b[0] - a[0]));
                    }
                }
                xs.sort(null);
                for (int i = 0; i + 1 < xs.size(); i += 2) {
                    // Pixels whose centre lies inside; rounding outward so no edge pixel of the area escapes.
                    int from = Math.max(0, (int) Math.floor(xs.get(i) * w));
                    int to = Math.min(w, (int) Math.ceil(xs.get(i + 1) * w));
                    if (to > from) {
                        spans.add(new int[] {y, from, to});
                        minX = Math.min(minX, from);
                        maxX = Math.max(maxX, to - 1);
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                    }
                }
            }
            if (spans.isEmpty()) {
                continue;
            }
            int[] rows = new int[spans.size()];
            int[] from = new int[spans.size()];
            int[] to = new int[spans.size()];
            for (int i = 0; i < spans.size(); i++) {
                rows[i] = spans.get(i)[0];
                from[i] = spans.get(i)[1];
                to[i] = spans.get(i)[2];
            }
            out.add(new Spans(m, rows, from, to, minX, minY, maxX, maxY));
        }
        return out;
    }
}
