package nl.poortwachter.recorder.ingest.source;

/**
 * What a source hands on: one camera picture as Annex-B or length-prefixed NAL units, with its timestamps and
 * when it reached the gateway. Our RTSP reader hands whole pictures; FFmpeg's may hand a picture in parts
 * (slices as separate packets), and then consecutive units with the same timestamps belong to one picture.
 * Reused by its source: valid only during the call that receives it.
 */
public final class AccessUnit {
    private byte[] data = new byte[128 * 1024];
    private int length;
    private long pts = Long.MIN_VALUE;
    private long dts = Long.MIN_VALUE;
    private boolean keyframe;
    private long arrivalMillis;

    /** The buffer, grown (never shrunk) to hold {@code size} bytes; its content is not kept when it grows. */
    byte[] buffer(int size) {
        if (size > data.length) {
            data = new byte[Integer.highestOneBit(size) << 1];
        }
        return data;
    }

    void set(int newLength, long newPts, long newDts, boolean key, long arrival) {
        this.length = newLength;
        this.pts = newPts;
        this.dts = newDts;
        this.keyframe = key;
        this.arrivalMillis = arrival;
    }

    /** Points the unit at bytes the caller owns (our RTSP reader's picture buffer), without copying. */
    void wrap(byte[] bytes, int newLength, long newPts, boolean key, long arrival) {
        this.data = bytes;
        set(newLength, newPts, Long.MIN_VALUE, key, arrival);
    }

    public byte[] data() {
        return data;
    }

    public int length() {
        return length;
    }

    /** Presentation time in 90 kHz ticks of the source's own clock, or {@link Long#MIN_VALUE} if the camera sent none. */
    public long pts() {
        return pts;
    }

    /** Decode time in 90 kHz ticks, or {@link Long#MIN_VALUE} (RTP carries none: then it equals the pts). */
    public long dts() {
        return dts;
    }

    /** As the source flagged it; the packer also looks at the NAL unit types itself. */
    public boolean keyframe() {
        return keyframe;
    }

    /** The gateway's clock (epoch ms) when the read that completed this picture returned: never earlier than its arrival. */
    public long arrivalMillis() {
        return arrivalMillis;
    }
}
