package nl.poortwachter.recorder.ingest;

import nl.poortwachter.recorder.transcode.Transcoder;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/** Decode, mask, re-encode: the packer only ever sees our own encoder's H.264. */
final class TranscodePipeline implements VideoPipeline {
    private final Transcoder transcoder;
    private final PacketPacker packer;
    private StreamChangedException pending;

    TranscodePipeline(TranscoderFactory factory, PacketPacker packer) {
        this.packer = packer;
        this.transcoder = factory.create((data, size, pts, dts, key) -> {
            try {
                packer.accept(data, size, pts, dts, key);
            } catch (StreamChangedException e) {
                // Our own encoder never changes its SPS mid-session; keep it for the caller if it ever does.
                pending = e;
            }
        });
    }

    /** Makes the transcoder once the sink exists. */
    interface TranscoderFactory {
        Transcoder create(nl.poortwachter.recorder.transcode.H264Encoder.PacketSink sink);
    }

    @Override
    public boolean accept(AVPacket packet) throws StreamChangedException {
        boolean picture = transcoder.accept(packet);
        if (pending != null) {
            throw pending;
        }
        return picture;
    }

    @Override
    public void finish() {
        transcoder.finish();
        packer.finish();
    }

    @Override
    public void close() {
        transcoder.close();
    }
}
