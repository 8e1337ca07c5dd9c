package nl.poortwachter.recorder.transcode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A YUV420P frame (BT.601, limited range, as our decoders and scaler deliver it) as a JPEG, in Java: one picture
 * now and then needs no native encoder with its own lifetime to manage.
 */
final class JpegWriter {
    private static final float QUALITY = 0.85f;

    private JpegWriter() {
    }

    static byte[] encode(AVFrame frame) {
        int w = frame.width();
        int h = frame.height();
        int yStride = frame.linesize(0);
        int uStride = frame.linesize(1);
        int vStride = frame.linesize(2);
        ByteBuffer y = frame.data(0).capacity((long) yStride * h).asByteBuffer();
        ByteBuffer u = frame.data(1).capacity((long) uStride * ((h + 1) / 2)).asByteBuffer();
        ByteBuffer v = frame.data(2).capacity((long) vStride * ((h + 1) / 2)).asByteBuffer();
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                int c = 298 * ((y.get(j * yStride + i) & 0xff) - 16);
                int d = (u.get(j / 2 * uStride + i / 2) & 0xff) - 128;
                int e = (v.get(j / 2 * vStride + i / 2) & 0xff) - 128;
                int r = clamp((c + 409 * e + 128) >> 8);
                int g = clamp((c - 100 * d - 208 * e + 128) >> 8);
                int b = clamp((c + 516 * d + 128) >> 8);
                row[i] = r << 16 | g << 8 | b;
            }
            image.setRGB(0, j, w, 1, row, 0, w);
        }
        return write(image);
    }

    private static int clamp(int x) {
        return x < 0 ? 0 : Math.min(255, x);
    }

    private static byte[] write(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
