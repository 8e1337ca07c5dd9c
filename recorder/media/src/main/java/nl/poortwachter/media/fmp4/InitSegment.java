package nl.poortwachter.media.fmp4;

import nl.poortwachter.media.h26x.CodecConfig;

/**
 * The fMP4 header (ftyp + moov) of one video track. Every segment file starts with it, and every live viewer
 * receives it first. Immutable; shared by all fragments of a session while the parameter sets stay the same.
 *
 * @param session what the files say about their session (also written into {@code bytes}), or null
 */
public record InitSegment(CodecConfig config, byte[] bytes, SessionBox session) {

    /** Media timescale: RTP's 90 kHz video clock, so camera timestamps need no rounding. */
    public static final int TIMESCALE = 90_000;
    static final int TRACK_ID = 1;

    public static InitSegment of(CodecConfig config) {
        return of(config, null);
    }

    /** @param session what the file says about itself (camera, session, time anchor); null for none */
    public static InitSegment of(CodecConfig config, SessionBox session) {
        BoxWriter w = new BoxWriter(1024);
        int ftyp = w.begin("ftyp");
        w.fourcc("iso6");
        w.u32(0);
        for (String brand : new String[] {"iso6", "cmfc", "mp41", "dash"}) {
            w.fourcc(brand);
        }
        w.end(ftyp);

        int moov = w.begin("moov");
        int mvhd = w.beginFull("mvhd", 0, 0);
        w.u32(0); // creation time
        w.u32(0); // modification time
        w.u32(TIMESCALE);
        w.u32(0); // duration: unknown, fragmented
        w.u32(0x00010000); // rate 1.0
        w.u16(0x0100); // volume 1.0
        w.zeros(10);
        matrix(w);
        w.zeros(24);
        w.u32(TRACK_ID + 1); // next track id
        w.end(mvhd);

        int trak = w.begin("trak");
        int tkhd = w.beginFull("tkhd", 0, 0x3); // enabled, in movie
        w.u32(0);
        w.u32(0);
        w.u32(TRACK_ID);
        w.u32(0);
        w.u32(0); // duration
        w.zeros(8);
        w.u16(0); // layer
        w.u16(0); // alternate group
        w.u16(0); // volume: video
        w.u16(0);
        matrix(w);
        w.u32((long) config.width() << 16);
        w.u32((long) config.height() << 16);
        w.end(tkhd);

        int mdia = w.begin("mdia");
        int mdhd = w.beginFull("mdhd", 0, 0);
        w.u32(0);
        w.u32(0);
        w.u32(TIMESCALE);
        w.u32(0);
        w.u16(0x55c4); // language 'und'
        w.u16(0);
        w.end(mdhd);
        int hdlr = w.beginFull("hdlr", 0, 0);
        w.u32(0);
        w.fourcc("vide");
        w.zeros(12);
        w.bytes("Poortwachter video\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        w.end(hdlr);

        int minf = w.begin("minf");
        int vmhd = w.beginFull("vmhd", 0, 1);
        w.zeros(8);
        w.end(vmhd);
        int dinf = w.begin("dinf");
        int dref = w.beginFull("dref", 0, 0);
        w.u32(1);
        int url = w.beginFull("url ", 0, 1); // media in the same file
        w.end(url);
        w.end(dref);
        w.end(dinf);

        int stbl = w.begin("stbl");
        int stsd = w.beginFull("stsd", 0, 0);
        w.u32(1);
        int entry = w.begin(config.sampleEntryType());
        w.zeros(6);
        w.u16(1); // data reference index
        w.zeros(16);
        w.u16(config.width());
        w.u16(config.height());
        w.u32(0x00480000); // 72 dpi
        w.u32(0x00480000);
        w.u32(0);
        w.u16(1); // frame count
        w.zeros(32); // compressor name
        w.u16(0x0018); // depth
        w.u16(0xffff); // pre-defined -1
        int cfg = w.begin(config.configBoxType());
        w.bytes(config.configRecord());
        w.end(cfg);
        w.end(entry);
        w.end(stsd);
        for (String empty : new String[] {"stts", "stsc", "stco"}) {
            int box = w.beginFull(empty, 0, 0);
            w.u32(0);
            w.end(box);
        }
        int stsz = w.beginFull("stsz", 0, 0);
        w.u32(0);
        w.u32(0);
        w.end(stsz);
        w.end(stbl);
        w.end(minf);
        w.end(mdia);
        w.end(trak);

        int mvex = w.begin("mvex");
        int trex = w.beginFull("trex", 0, 0);
        w.u32(TRACK_ID);
        w.u32(1); // default sample description index
        w.u32(0);
        w.u32(0);
        w.u32(0);
        w.end(trex);
        w.end(mvex);
        if (session != null) {
            session.write(w);
        }
        w.end(moov);
        return new InitSegment(config, w.toByteArray(), session);
    }

    /**
     * The init segment without what it says about its session (our {@code moov/udta}): the decoder configuration
     * alone, equal for two sessions of one camera in the same format. Other bytes are returned as they are.
     */
    public static byte[] decoderPart(byte[] init) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(init);
        int p = 0;
        while (p + 8 <= init.length) {
            int size = b.getInt(p);
            if (size < 8 || p + size > init.length) {
                return init;
            }
            if (b.getInt(p + 4) == fourcc("moov")) {
                for (int q = p + 8; q + 8 <= p + size; ) {
                    int childSize = b.getInt(q);
                    if (childSize < 8 || q + childSize > p + size) {
                        return init;
                    }
                    if (b.getInt(q + 4) == fourcc("udta") && childSize >= 16 + 16 && b.getInt(q + 12) == fourcc("uuid")
                            && java.util.Arrays.equals(init, q + 16, q + 32, SessionBox.USER_TYPE, 0, 16)) {
                        byte[] out = new byte[init.length - childSize];
                        System.arraycopy(init, 0, out, 0, q);
                        System.arraycopy(init, q + childSize, out, q, init.length - q - childSize);
                        java.nio.ByteBuffer.wrap(out).putInt(p, size - childSize);
                        return out;
                    }
                    q += childSize;
                }
                return init;
            }
            p += size;
        }
        return init;
    }

    private static int fourcc(String type) {
        return type.charAt(0) << 24 | type.charAt(1) << 16 | type.charAt(2) << 8 | type.charAt(3);
    }

    private static void matrix(BoxWriter w) {
        int[] unity = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};
        for (int v : unity) {
            w.u32(v & 0xffffffffL);
        }
    }

    public int length() {
        return bytes.length;
    }
}
