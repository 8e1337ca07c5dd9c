package nl.poortwachter.media.h26x;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The decoder configuration of one video track, built from its parameter sets: the payload of the MP4
 * {@code avcC}/{@code hvcC} box and the RFC 6381 codec string that browsers ask for.
 *
 * @param parameterSets the SPS/PPS (and VPS for H.265) NAL units, in the order they appear in the box
 */
public record CodecConfig(VideoCodec codec, int width, int height, List<byte[]> parameterSets,
                          byte[] configRecord, String codecString) {

    public String sampleEntryType() {
        return codec == VideoCodec.H264 ? "avc1" : "hvc1";
    }

    public String configBoxType() {
        return codec == VideoCodec.H264 ? "avcC" : "hvcC";
    }

    /** True if these are the same parameter sets (a change means a new init segment). */
    public boolean sameParameters(List<byte[]> others) {
        if (others.size() != parameterSets.size()) {
            return false;
        }
        for (int i = 0; i < others.size(); i++) {
            if (!Arrays.equals(others.get(i), parameterSets.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Builds the configuration; returns null if a required parameter set is missing, or if the sets cannot be
     * described in the record (more than 31 SPS or 255 PPS for H.264, one longer than 65535 bytes).
     */
    public static CodecConfig build(VideoCodec codec, int width, int height, List<byte[]> nals) {
        return codec == VideoCodec.H264 ? h264(width, height, nals) : h265(width, height, nals);
    }

    private static CodecConfig h264(int width, int height, List<byte[]> nals) {
        List<byte[]> sps = byType(VideoCodec.H264, nals, 7);
        List<byte[]> pps = byType(VideoCodec.H264, nals, 8);
        // avcC counts SPS in 5 bits and PPS in 8 (ISO 14496-15 5.3.3.1).
        if (sps.isEmpty() || pps.isEmpty() || sps.get(0).length < 4 || sps.size() > 31 || pps.size() > 255) {
            return null;
        }
        byte[] first = sps.get(0);
        int profile = first[1] & 0xff;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(profile);
        out.write(first[2] & 0xff);
        out.write(first[3] & 0xff);
        out.write(0xff); // 4-byte NAL lengths
        out.write(0xe0 | sps.size());
        sps.forEach(s -> writeWithLength(out, s));
        out.write(pps.size());
        pps.forEach(p -> writeWithLength(out, p));
        if (profile == 100 || profile == 110 || profile == 122 || profile == 144) {
            int chroma = 1;
            int lumaDepth = 0;
            int chromaDepth = 0;
            try {
                BitReader r = new BitReader(first, 4, first.length);
                r.ue();
                chroma = r.ue();
                if (chroma == 3) {
                    r.bit();
                }
                lumaDepth = r.ue();
                chromaDepth = r.ue();
            } catch (IllegalArgumentException e) {
                // Keep the 4:2:0 8-bit defaults: decoders read the SPS itself anyway.
            }
            out.write(0xfc | chroma & 3);
            out.write(0xf8 | lumaDepth & 7);
            out.write(0xf8 | chromaDepth & 7);
            out.write(0);
        }
        List<byte[]> ordered = new ArrayList<>(sps);
        ordered.addAll(pps);
        String codecString = String.format(Locale.ROOT, "avc1.%02x%02x%02x", profile, first[2] & 0xff, first[3] & 0xff);
        return new CodecConfig(VideoCodec.H264, width, height, List.copyOf(ordered), out.toByteArray(), codecString);
    }

    private static CodecConfig h265(int width, int height, List<byte[]> nals) {
        List<byte[]> vps = byType(VideoCodec.H265, nals, 32);
        List<byte[]> sps = byType(VideoCodec.H265, nals, 33);
        List<byte[]> pps = byType(VideoCodec.H265, nals, 34);
        // hvcC counts the units of an array in 16 bits (ISO 14496-15 8.3.3.1).
        if (vps.isEmpty() || sps.isEmpty() || pps.isEmpty() || Math.max(vps.size(), Math.max(sps.size(), pps.size())) > 0xffff) {
            return null;
        }
        H265Sps info;
        try {
            info = H265Sps.parse(sps.get(0));
        } catch (IllegalArgumentException e) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(info.profileSpace << 6 | info.tier << 5 | info.profileIdc);
        writeInt(out, (int) info.compatibilityFlags);
        for (int i = 5; i >= 0; i--) {
            out.write((int) (info.constraintFlags >>> (8 * i)) & 0xff);
        }
        out.write(info.levelIdc);
        out.write(0xf0);
        out.write(0x00);
        out.write(0xfc);
        out.write(0xfc | info.chromaFormat & 3);
        out.write(0xf8 | info.bitDepthLumaMinus8 & 7);
        out.write(0xf8 | info.bitDepthChromaMinus8 & 7);
        out.write(0);
        out.write(0);
        out.write((info.maxSubLayersMinus1 + 1) << 3 | info.temporalIdNesting << 2 | 3);
        out.write(3);
        writeArray(out, 32, vps);
        writeArray(out, 33, sps);
        writeArray(out, 34, pps);
        List<byte[]> ordered = new ArrayList<>(vps);
        ordered.addAll(sps);
        ordered.addAll(pps);
        return new CodecConfig(VideoCodec.H265, width, height, List.copyOf(ordered), out.toByteArray(), info.codecString());
    }

    private static void writeArray(ByteArrayOutputStream out, int type, List<byte[]> units) {
        out.write(0x80 | type);
        out.write(units.size() >> 8);
        out.write(units.size() & 0xff);
        units.forEach(u -> writeWithLength(out, u));
    }

    /** The distinct units of a type; none at all if one is longer than the record's 16-bit length field. */
    private static List<byte[]> byType(VideoCodec codec, List<byte[]> nals, int type) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] nal : nals) {
            if (nal.length > 0 && codec.nalType(nal, 0) == type && out.stream().noneMatch(x -> Arrays.equals(x, nal))) {
                if (nal.length > 0xffff) {
                    return List.of();
                }
                out.add(nal);
            }
        }
        return out;
    }

    private static void writeWithLength(ByteArrayOutputStream out, byte[] nal) {
        out.write(nal.length >> 8);
        out.write(nal.length & 0xff);
        out.writeBytes(nal);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16 & 0xff);
        out.write(v >>> 8 & 0xff);
        out.write(v & 0xff);
    }

    @Override
    public String toString() {
        return "CodecConfig[" + codecString + " " + width + "x" + height + "]";
    }
}
