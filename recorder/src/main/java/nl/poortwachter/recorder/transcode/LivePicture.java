package nl.poortwachter.recorder.transcode;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import nl.poortwachter.media.fmp4.Fragment;
import nl.poortwachter.media.h26x.CodecConfig;
import nl.poortwachter.media.h26x.VideoCodec;
import nl.poortwachter.recorder.camera.Picture;
import nl.poortwachter.recorder.fanout.FragmentListener;
import nl.poortwachter.recorder.fanout.LiveFeed;
import nl.poortwachter.recorder.fanout.Subscription;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * A still of a running camera, taken from its live feed: the newest keyframe the gateway produced, decoded. So it
 * opens no second connection to the camera (one RTSP session per camera, whatever happens), and it shows exactly
 * what is recorded: a transcoded camera's privacy masks are already burnt in.
 */
public final class LivePicture {
    private LivePicture() {
    }

    /** @return null when no keyframe arrived within {@code timeout} (the camera is not streaming) */
    public static Picture take(LiveFeed feed, Duration timeout) throws InterruptedException {
        BlockingQueue<Fragment> keyframes = new ArrayBlockingQueue<>(1);
        FragmentListener listener = new FragmentListener() {
            @Override
            public void onFragment(Fragment f) {
                if (f.keyframe()) {
                    keyframes.offer(f);
                }
            }

            @Override
            public void onSessionEnd(String sessionId) {
                // a new session starts with its own keyframe: keep waiting
            }
        };
        // Delivery on the publishing thread: the listener only offers to a queue, it never waits.
        Subscription s = feed.subscribe(listener, 4, Runnable::run);
        Fragment chunk;
        try {
            chunk = keyframes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            s.close();
        }
        return chunk == null ? null : decode(chunk.init().config(), sample(chunk.bytes()));
    }

    /** The first sample of a moof+mdat chunk: the mdat's payload (a one-picture chunk holds exactly one). */
    static byte[] sample(byte[] chunk) {
        ByteBuffer b = ByteBuffer.wrap(chunk);
        int moof = b.getInt(0);
        int mdat = b.getInt(moof);
        if (moof < 8 || mdat < 8 || moof + mdat > chunk.length || b.getInt(moof + 4) != 0x6d646174) {
            throw new TranscodeException("not a moof+mdat chunk");
        }
        byte[] out = new byte[mdat - 8];
        System.arraycopy(chunk, moof + 8, out, 0, out.length);
        return out;
    }

    private static Picture decode(CodecConfig config, byte[] sample) {
        AVCodecParameters par = avcodec.avcodec_parameters_alloc();
        AVPacket packet = avcodec.av_packet_alloc();
        try {
            par.codec_type(avutil.AVMEDIA_TYPE_VIDEO);
            par.codec_id(config.codec() == VideoCodec.H264 ? avcodec.AV_CODEC_ID_H264 : avcodec.AV_CODEC_ID_HEVC);
            par.width(config.width());
            par.height(config.height());
            byte[] record = config.configRecord();
            // Freed by avcodec_parameters_free below, with the parameters.
            BytePointer extra = new BytePointer(avutil.av_mallocz(record.length + avcodec.AV_INPUT_BUFFER_PADDING_SIZE))
                    .capacity(record.length);
            extra.put(record);
            par.extradata(extra);
            par.extradata_size(record.length);
            FfmpegCalls.check(avcodec.av_new_packet(packet, sample.length), "allocate packet");
            packet.data().capacity(sample.length).put(sample);
            packet.flags(avcodec.AV_PKT_FLAG_KEY);
            try (StillPicture still = new StillPicture(par, List.of())) {
                Picture p = still.accept(packet);
                return p != null ? p : still.finish();
            }
        } finally {
            avcodec.av_packet_free(packet);
            avcodec.avcodec_parameters_free(par);
        }
    }
}
