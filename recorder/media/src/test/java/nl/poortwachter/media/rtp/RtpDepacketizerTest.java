package nl.poortwachter.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nl.poortwachter.media.h26x.VideoCodec;
import org.junit.jupiter.api.Test;

class RtpDepacketizerTest {
    record Picture(byte[] data, long timestamp, boolean damaged, boolean keyframe) {
    }

    private final List<Picture> pictures = new ArrayList<>();
    private int sequence = 1000;

    private RtpDepacketizer current;

    private RtpDepacketizer depacketizer(VideoCodec codec) {
        current = new RtpDepacketizer(codec, 90_000,
                (d, n, ts, damaged) -> pictures.add(new Picture(Arrays.copyOf(d, n), ts, damaged, current.keyframe())));
        return current;
    }

    private byte[] rtp(long timestamp, boolean marker, byte... payload) {
        byte[] p = new byte[12 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = (byte) ((marker ? 0x80 : 0) | 96);
        p[2] = (byte) (sequence >> 8);
        p[3] = (byte) sequence;
        sequence = (sequence + 1) & 0xffff;
        p[4] = (byte) (timestamp >> 24);
        p[5] = (byte) (timestamp >> 16);
        p[6] = (byte) (timestamp >> 8);
        p[7] = (byte) timestamp;
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }

    private static byte[] annexB(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private void feed(RtpDepacketizer d, byte[] packet) throws Exception {
        d.packet(packet, 0, packet.length);
    }

    @Test
    void stapAAndFuAMakeOneAnnexBPicture() throws Exception {
        RtpDepacketizer d = depacketizer(VideoCodec.H264);
        byte[] sps = bytes(0x67, 0x64, 0x00, 0x1e);
        byte[] pps = bytes(0x68, 0xee, 0x3c);
        // STAP-A with SPS and PPS, then an IDR slice in three FU-A fragments
        feed(d, rtp(9000, false, bytes(0x78, 0, 4, 0x67, 0x64, 0x00, 0x1e, 0, 3, 0x68, 0xee, 0x3c)));
        feed(d, rtp(9000, false, bytes(0x7c, 0x85, 1, 2)));
        feed(d, rtp(9000, false, bytes(0x7c, 0x05, 3, 4)));
        feed(d, rtp(9000, true, bytes(0x7c, 0x45, 5)));
        assertEquals(1, pictures.size());
        assertArrayEquals(annexB(sps, pps, bytes(0x65, 1, 2, 3, 4, 5)), pictures.get(0).data());
        assertEquals(9000, pictures.get(0).timestamp());
        assertFalse(pictures.get(0).damaged());
        assertTrue(pictures.get(0).keyframe(), "an IDR slice, told from the NAL headers (also inside FU-A)");
    }

    @Test
    void aLostPacketDamagesThePictureAndATimestampChangeEndsOneWithoutMarker() throws Exception {
        RtpDepacketizer d = depacketizer(VideoCodec.H264);
        feed(d, rtp(3600, false, bytes(0x41, 9)));          // picture 1, marker never comes
        feed(d, rtp(7200, false, bytes(0x7c, 0x81, 1)));    // picture 2: FU-A start
        sequence++;                                           // the middle fragment is lost
        feed(d, rtp(7200, true, bytes(0x7c, 0x41, 3)));
        feed(d, rtp(10800, true, bytes(0x41, 7)));          // picture 3 is whole again
        assertEquals(3, pictures.size());
        assertArrayEquals(annexB(bytes(0x41, 9)), pictures.get(0).data());
        assertFalse(pictures.get(0).damaged());
        assertTrue(pictures.get(1).damaged(), "a picture with a lost fragment is marked");
        assertFalse(pictures.get(2).damaged());
        assertFalse(pictures.get(0).keyframe() || pictures.get(1).keyframe() || pictures.get(2).keyframe(), "non-IDR slices");
    }

    @Test
    void timestampsKeepIncreasingAcrossTheThirtyTwoBitWrap() throws Exception {
        RtpDepacketizer d = depacketizer(VideoCodec.H264);
        feed(d, rtp(0xffff_f000L, true, bytes(0x41, 1)));
        feed(d, rtp(0x0000_0e10L, true, bytes(0x41, 2)));
        assertEquals(0xffff_f000L, pictures.get(0).timestamp());
        assertEquals(0xffff_f000L + 0x1000 + 0x0e10, pictures.get(1).timestamp());
    }

    @Test
    void h265FragmentsAndAggregationPackets() throws Exception {
        RtpDepacketizer d = depacketizer(VideoCodec.H265);
        byte[] vps = bytes(0x40, 0x01, 0x0c);
        byte[] sps = bytes(0x42, 0x01, 0x01);
        // AP (type 48): VPS and SPS; then an IDR_W_RADL (type 19) in two FUs (type 49)
        feed(d, rtp(100, false, bytes(0x60, 0x01, 0, 3, 0x40, 0x01, 0x0c, 0, 3, 0x42, 0x01, 0x01)));
        feed(d, rtp(100, false, bytes(0x62, 0x01, 0x80 | 19, 7, 8)));
        feed(d, rtp(100, true, bytes(0x62, 0x01, 0x40 | 19, 9)));
        assertEquals(1, pictures.size());
        assertArrayEquals(annexB(vps, sps, bytes(19 << 1, 0x01, 7, 8, 9)), pictures.get(0).data());
        assertTrue(pictures.get(0).keyframe(), "IDR_W_RADL, in FUs");
    }

    @Test
    void paddingAndHeaderExtensionsAreSkipped() throws Exception {
        RtpDepacketizer d = depacketizer(VideoCodec.H264);
        byte[] p = rtp(1, true, bytes(0xbe, 0xde, 0, 1, 0xaa, 0xbb, 0xcc, 0xdd, 0x41, 5, 6, 0, 0, 3));
        p[0] = (byte) (0x80 | 0x10 | 0x20); // extension + padding (3 bytes, the last says so)
        feed(d, p);
        assertArrayEquals(annexB(bytes(0x41, 5, 6)), pictures.get(0).data());
    }
}
