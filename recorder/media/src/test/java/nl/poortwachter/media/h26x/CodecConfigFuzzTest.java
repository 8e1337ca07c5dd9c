package nl.poortwachter.media.h26x;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.media.fuzzing.Allocation;
import nl.poortwachter.media.fuzzing.Boxes;
import nl.poortwachter.media.fuzzing.FuzzedForReal;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The parameter sets a camera announces (SDP, in-band), in Annex B, turned into the decoder configuration of
 * the stored files and of every live viewer (docs/fuzzing.md). Contract: null when a required set is missing,
 * otherwise an avcC/hvcC record that reads back as exactly the parameter sets it claims, a codec string a
 * browser can parse, and an init segment whose boxes nest correctly. Never an exception.
 */
@ExtendWith(FuzzedForReal.class)
class CodecConfigFuzzTest {
    private static final Pattern AVC = Pattern.compile("avc1\\.[0-9a-f]{6}");
    private static final Pattern HEVC = Pattern.compile("hvc1\\.[A-C]?\\d{1,2}\\.[0-9A-F]{1,8}\\.[LH]\\d{1,3}(\\.[0-9A-F]{1,2}){0,6}");

    @FuzzTest
    void build(byte[] annexB) throws Exception {
        FuzzedForReal.saw(annexB);
        NalScanner scanner = new NalScanner();
        int n = scanner.scanAnnexB(annexB, annexB.length);
        List<byte[]> nals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nals.add(Arrays.copyOfRange(annexB, scanner.start(i), scanner.end(i)));
        }
        for (VideoCodec codec : VideoCodec.values()) {
            CodecConfig[] built = new CodecConfig[1];
            Allocation.atMost(8 * 1024, 8, annexB.length, () -> built[0] = CodecConfig.build(codec, 1920, 1080, nals));
            CodecConfig config = built[0];
            if (config == null) {
                continue;
            }
            for (byte[] set : config.parameterSets()) {
                assertTrue(codec.isParameterSet(codec.nalType(set, 0)), "not a parameter set: type " + codec.nalType(set, 0));
                assertTrue(nals.stream().anyMatch(x -> Arrays.equals(x, set)), "a parameter set the camera did not send");
            }
            List<byte[]> recorded = codec == VideoCodec.H264 ? avcC(config.configRecord()) : hvcC(config.configRecord());
            assertEquals(config.parameterSets().size(), recorded.size(), "parameter sets in the " + config.configBoxType() + " box");
            for (int i = 0; i < recorded.size(); i++) {
                assertArrayEquals(config.parameterSets().get(i), recorded.get(i), "parameter set " + i);
            }
            assertTrue((codec == VideoCodec.H264 ? AVC : HEVC).matcher(config.codecString()).matches(), config.codecString());
            Boxes.assertWellFormed(InitSegment.of(config).bytes());
        }
    }

    /** ISO 14496-15 5.3.3.1: the SPS then the PPS of an AVCDecoderConfigurationRecord. */
    private static List<byte[]> avcC(byte[] record) {
        ByteBuffer b = ByteBuffer.wrap(record);
        assertEquals(1, b.get(), "configurationVersion");
        b.position(4);
        assertEquals(0xff, b.get() & 0xff, "4-byte NAL lengths");
        List<byte[]> out = new ArrayList<>();
        readUnits(b, b.get() & 0x1f, out);
        readUnits(b, b.get() & 0xff, out);
        assertTrue(b.remaining() == 0 || b.remaining() == 4, b.remaining() + " bytes after the parameter sets");
        return out;
    }

    /** ISO 14496-15 8.3.3.1: 22 bytes of profile and format, then arrays of NAL units by type. */
    private static List<byte[]> hvcC(byte[] record) {
        ByteBuffer b = ByteBuffer.wrap(record);
        assertEquals(1, b.get(), "configurationVersion");
        b.position(22);
        int arrays = b.get() & 0xff;
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < arrays; i++) {
            b.get();
            readUnits(b, b.getShort() & 0xffff, out);
        }
        assertEquals(0, b.remaining(), "bytes after the arrays");
        return out;
    }

    private static void readUnits(ByteBuffer b, int count, List<byte[]> out) {
        for (int i = 0; i < count; i++) {
            byte[] unit = new byte[b.getShort() & 0xffff];
            b.get(unit);
            out.add(unit);
        }
    }
}
