package nl.poortwachter.media.rtp;

import java.util.Arrays;
import nl.poortwachter.media.h26x.VideoCodec;

/**
 * RTP payloads of H.264 (RFC 6184: single NAL, STAP-A, FU-A) or H.265 (RFC 7798: single NAL, AP, FU; without
 * DONL) back into Annex-B access units. A picture ends at the RTP marker bit or when the timestamp changes.
 * Reuses one buffer: nothing is allocated per packet. Used by one thread.
 */
public final class RtpDepacketizer {
    private static final int MAX_PICTURE = 32 << 20;

    private final VideoCodec codec;
    private final int clockRate;
    private final AccessUnitSink sink;
    /** Grows to the largest picture seen (keyframes of a 1080p camera: 150-250 KiB). */
    private byte[] unit = new byte[64 * 1024];
    private int length;
    private boolean open;
    private long unitTimestamp;
    private boolean damaged;
    /** The picture being assembled holds a keyframe (IDR/IRAP) NAL unit: known from the NAL headers, no scan. */
    private boolean keyframe;
    private boolean inFragment;
    private int expectedSequence = -1;
    private long lastRtpTimestamp = Long.MIN_VALUE;
    private long extended;

    public RtpDepacketizer(VideoCodec codec, int clockRate, AccessUnitSink sink) {
        this.codec = codec;
        this.clockRate = clockRate;
        this.sink = sink;
    }

    /** One RTP packet (header included) of the video payload type. */
    public void packet(byte[] buf, int offset, int size) throws Exception {
        if (size < 12 || (buf[offset] & 0xc0) != 0x80) {
            return; // not RTP version 2
        }
        int b0 = buf[offset] & 0xff;
        boolean marker = (buf[offset + 1] & 0x80) != 0;
        int sequence = (buf[offset + 2] & 0xff) << 8 | buf[offset + 3] & 0xff;
        long rtpTimestamp = ((buf[offset + 4] & 0xffL) << 24) | (buf[offset + 5] & 0xff) << 16
                | (buf[offset + 6] & 0xff) << 8 | buf[offset + 7] & 0xff;
        int header = 12 + 4 * (b0 & 0x0f);
        if ((b0 & 0x10) != 0) {
            if (size < header + 4) {
                return;
            }
            header += 4 + 4 * ((buf[offset + header + 2] & 0xff) << 8 | buf[offset + header + 3] & 0xff);
        }
        int end = size;
        if ((b0 & 0x20) != 0) {
            end -= buf[offset + size - 1] & 0xff;
        }
        if (header >= end) {
            return;
        }
        boolean lost = expectedSequence >= 0 && sequence != expectedSequence;
        expectedSequence = (sequence + 1) & 0xffff;
        long timestamp = extend(rtpTimestamp);
        if (open && timestamp != unitTimestamp) {
            // The previous picture's marker was lost or never sent; a lost packet may have been its tail.
            damaged |= lost;
            emit();
        }
        if (!open) {
            open = true;
            unitTimestamp = timestamp;
            length = 0;
        }
        if (lost) {
            damaged = true;
            inFragment = false;
        }
        if (codec == VideoCodec.H264) {
            h264(buf, offset + header, offset + end);
        } else {
            h265(buf, offset + header, offset + end);
        }
        if (marker) {
            emit();
        }
    }

    private void h264(byte[] b, int from, int to) {
        int type = b[from] & 0x1f;
        if (type >= 1 && type <= 23) {
            nal(b, from, to - from);
        } else if (type == 24) { // STAP-A
            aggregate(b, from + 1, to);
        } else if (type == 28 && to - from > 2) { // FU-A
            int fu = b[from + 1] & 0xff;
            fragment(fu, (byte) (b[from] & 0xe0 | fu & 0x1f), (byte) 0, 1, b, from + 2, to);
        } else {
            damaged = true; // STAP-B, MTAP, FU-B: not used by cameras in non-interleaved mode
        }
    }

    private void h265(byte[] b, int from, int to) {
        if (to - from < 3) {
            return;
        }
        int type = (b[from] >> 1) & 0x3f;
        if (type == 48) { // aggregation packet
            aggregate(b, from + 2, to);
        } else if (type == 49) { // fragmentation unit
            int fu = b[from + 2] & 0xff;
            byte h0 = (byte) (b[from] & 0x81 | (fu & 0x3f) << 1);
            fragment(fu, h0, b[from + 1], 2, b, from + 3, to);
        } else if (type < 48) {
            nal(b, from, to - from);
        }
    }

    private void aggregate(byte[] b, int pos, int to) {
        while (pos + 2 < to) {
            int n = (b[pos] & 0xff) << 8 | b[pos + 1] & 0xff;
            pos += 2;
            if (n == 0 || pos + n > to) {
                damaged = true;
                return;
            }
            nal(b, pos, n);
            pos += n;
        }
    }

    /**
     * @param fuFlags start bit 0x80, end bit 0x40
     * @param headerBytes 1 (H.264) or 2 (H.265): the rebuilt NAL header h0[, h1]
     */
    private void fragment(int fuFlags, byte h0, byte h1, int headerBytes, byte[] b, int from, int to) {
        boolean start = (fuFlags & 0x80) != 0;
        boolean end = (fuFlags & 0x40) != 0;
        if (start) {
            noteType(headerBytes == 1 ? h0 & 0x1f : (h0 >> 1) & 0x3f);
            ensure(4 + headerBytes);
            startCode();
            unit[length++] = h0;
            if (headerBytes == 2) {
                unit[length++] = h1;
            }
            inFragment = true;
        } else if (!inFragment) {
            damaged = true; // the start of this NAL unit was lost
            return;
        }
        append(b, from, to - from);
        if (end) {
            inFragment = false;
        }
    }

    private void nal(byte[] b, int from, int n) {
        noteType(codec.nalType(b, from));
        ensure(4 + n);
        startCode();
        append(b, from, n);
    }

    private void noteType(int type) {
        keyframe |= codec.isKeyframe(type);
    }

    /** During the sink's call: whether the picture handed to it holds a keyframe NAL unit. */
    public boolean keyframe() {
        return keyframe;
    }

    private void startCode() {
        unit[length++] = 0;
        unit[length++] = 0;
        unit[length++] = 0;
        unit[length++] = 1;
    }

    private void append(byte[] b, int from, int n) {
        ensure(n);
        System.arraycopy(b, from, unit, length, n);
        length += n;
    }

    private void ensure(int more) {
        if (length + more > unit.length) {
            if (length + more > MAX_PICTURE) {
                throw new IllegalStateException("picture larger than " + (MAX_PICTURE >> 20) + " MiB");
            }
            unit = Arrays.copyOf(unit, Math.max(unit.length * 2, length + more));
        }
    }

    private void emit() throws Exception {
        open = false;
        inFragment = false;
        boolean wasDamaged = damaged;
        damaged = false;
        try {
            if (length > 0) {
                long ticks = clockRate == 90_000 ? unitTimestamp : unitTimestamp * 90_000 / clockRate;
                sink.accept(unit, length, ticks, wasDamaged);
            }
        } finally {
            length = 0;
            keyframe = false;
        }
    }

    /** RTP timestamps are 32 bits and wrap every 13 hours at 90 kHz; decode time must keep increasing. */
    private long extend(long rtp) {
        if (lastRtpTimestamp == Long.MIN_VALUE) {
            extended = rtp;
        } else {
            extended += (int) (rtp - lastRtpTimestamp);
        }
        lastRtpTimestamp = rtp;
        return extended;
    }
}
