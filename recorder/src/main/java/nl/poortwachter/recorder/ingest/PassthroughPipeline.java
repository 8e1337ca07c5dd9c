package nl.poortwachter.recorder.ingest;

import nl.poortwachter.recorder.libav.Timestamps;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;

/** The camera's own H.264/H.265, copied out of FFmpeg's packet once and cleaned by the packer. */
final class PassthroughPipeline implements VideoPipeline {
    private final PacketPacker packer;
    private final int tbNum;
    private final int tbDen;
    /** Pictures are ~20 KiB, keyframes up to a few hundred: start small, grow on demand (it stays grown). */
    private byte[] buffer = new byte[128 * 1024];

    PassthroughPipeline(PacketPacker packer, int tbNum, int tbDen) {
        this.packer = packer;
        this.tbNum = tbNum;
        this.tbDen = tbDen;
    }

    @Override
    public boolean accept(AVPacket pkt) throws StreamChangedException {
        int size = pkt.size();
        if (size <= 0 || pkt.data() == null) {
            return false;
        }
        if (size > buffer.length) {
            buffer = new byte[Integer.highestOneBit(size) << 1];
        }
        pkt.data().position(0).get(buffer, 0, size);
        return packer.accept(buffer, size, Timestamps.toTicks(pkt.pts(), tbNum, tbDen),
                Timestamps.toTicks(pkt.dts(), tbNum, tbDen), (pkt.flags() & avcodec.AV_PKT_FLAG_KEY) != 0);
    }

    @Override
    public void finish() {
        packer.finish();
    }

    @Override
    public void close() {
        // Nothing native: the packet belongs to the grabber.
    }
}
