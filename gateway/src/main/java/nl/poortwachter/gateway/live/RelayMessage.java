package nl.poortwachter.gateway.live;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import nl.poortwachter.gateway.cluster.NodeKey;
import nl.poortwachter.media.fmp4.Fragment;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.media.h26x.CodecConfig;
import nl.poortwachter.media.h26x.VideoCodec;

/**
 * One message of live video between the nodes of a cluster (D76), as bytes on the event bus, signed with the
 * cluster's live key: a viewer node's interest in a camera, a picture or recording fragment, or the end of a camera
 * session. A fragment carries its init segment when it is the first of its stream or the init changed, so the
 * receiver rebuilds the same {@link Fragment}s the recording node's muxer made. Anything that does not verify, or
 * is out of bounds, is refused whole ({@link IllegalArgumentException}).
 */
record RelayMessage(Type type, String cameraId, String node, long sentMillis, Kind kind, String sessionId,
                    Fragment fragment) {
    private static final byte VERSION = 1;
    private static final int MAX_TEXT = 256;
    private static final int MAX_PAYLOAD = 64 << 20;
    private static final int MAX_PARAMETER_SETS = 64;

    enum Type { INTEREST, NO_INTEREST, FRAGMENT, SESSION_END }

    /** What a viewer node asks for: pictures (WebSocket, MSE) or recording fragments (live HLS). */
    enum Kind { PICTURES, FRAGMENTS }

    static RelayMessage interest(String cameraId, String node, Kind kind, boolean on, long now) {
        return new RelayMessage(on ? Type.INTEREST : Type.NO_INTEREST, cameraId, node, now, kind, null, null);
    }

    static RelayMessage fragment(String cameraId, String node, Kind kind, Fragment f, long now) {
        return new RelayMessage(Type.FRAGMENT, cameraId, node, now, kind, f.sessionId(), f);
    }

    static RelayMessage sessionEnd(String cameraId, String node, Kind kind, String sessionId, long now) {
        return new RelayMessage(Type.SESSION_END, cameraId, node, now, kind, sessionId, null);
    }

    /** @param withInit whether the fragment's init segment goes along (the receiver has not seen it) */
    Buffer encode(NodeKey key, boolean withInit) {
        Buffer b = Buffer.buffer(fragment == null ? 128 : fragment.bytes().length + 256);
        b.appendByte(VERSION).appendByte((byte) type.ordinal()).appendByte((byte) kind.ordinal());
        text(b, cameraId);
        text(b, node);
        b.appendLong(sentMillis);
        if (type == Type.SESSION_END || type == Type.FRAGMENT) {
            text(b, sessionId);
        }
        if (type == Type.FRAGMENT) {
            b.appendLong(fragment.sequence()).appendLong(fragment.baseMediaTime()).appendLong(fragment.duration())
                    .appendByte((byte) (fragment.keyframe() ? 1 : 0)).appendLong(fragment.wallClockMillis())
                    .appendInt(fragment.samples());
            b.appendByte((byte) (withInit ? 1 : 0));
            if (withInit) {
                CodecConfig c = fragment.init().config();
                b.appendByte((byte) c.codec().ordinal()).appendInt(c.width()).appendInt(c.height());
                b.appendInt(c.parameterSets().size());
                for (byte[] p : c.parameterSets()) {
                    bytes(b, p);
                }
                bytes(b, fragment.init().bytes());
            }
            bytes(b, fragment.bytes());
        }
        Mac mac = key.mac();
        mac.update(b.getBytes());
        return b.appendBytes(mac.doFinal());
    }

    /** Which stream the message belongs to: one camera's pictures or fragments from one sending node. */
    String stream() {
        return stream(cameraId, kind, node);
    }

    private static String stream(String cameraId, Kind kind, String node) {
        return cameraId + "/" + kind + "/" + node;
    }

    /**
     * @param lastInit the init segment of a stream's previous fragment (null if none): a fragment that brings none
     *                 of its own continues with it
     */
    static RelayMessage decode(Buffer b, NodeKey key, java.util.function.Function<String, InitSegment> lastInit) {
        int macAt = b.length() - NodeKey.MAC_BYTES;
        if (macAt < 3) {
            throw new IllegalArgumentException("too short");
        }
        Mac mac = key.mac();
        mac.update(b.getBytes(0, macAt));
        if (!NodeKey.same(mac.doFinal(), b.getBytes(macAt, b.length()))) {
            throw new IllegalArgumentException("not signed with this cluster's key");
        }
        Reader r = new Reader(b, macAt);
        if (r.u8() != VERSION) {
            throw new IllegalArgumentException("unknown version");
        }
        Type type = enumAt(Type.values(), r.u8());
        Kind kind = enumAt(Kind.values(), r.u8());
        String camera = r.text();
        String node = r.text();
        long sent = r.i64();
        String session = type == Type.SESSION_END || type == Type.FRAGMENT ? r.text() : null;
        Fragment fragment = null;
        if (type == Type.FRAGMENT) {
            long sequence = r.i64();
            long base = r.i64();
            long duration = r.i64();
            boolean keyframe = r.u8() == 1;
            long wall = r.i64();
            int samples = r.i32();
            InitSegment init = lastInit.apply(stream(camera, kind, node));
            if (r.u8() == 1) {
                VideoCodec codec = enumAt(VideoCodec.values(), r.u8());
                int width = r.i32();
                int height = r.i32();
                int sets = r.i32();
                if (sets < 0 || sets > MAX_PARAMETER_SETS) {
                    throw new IllegalArgumentException("parameter sets out of bounds");
                }
                List<byte[]> nals = new ArrayList<>(sets);
                for (int i = 0; i < sets; i++) {
                    nals.add(r.bytes());
                }
                CodecConfig config = CodecConfig.build(codec, width, height, nals);
                if (config == null) {
                    throw new IllegalArgumentException("parameter sets do not make a decoder configuration");
                }
                // Its bytes still name the session (moov/udta); the parsed box is for the segment writer, not live.
                init = new InitSegment(config, r.bytes(), null);
            }
            if (init == null) {
                throw new IllegalArgumentException("a fragment without its init segment");
            }
            fragment = new Fragment(session, init, sequence, base, duration, keyframe, wall, samples, r.bytes());
        }
        if (r.at != macAt) {
            throw new IllegalArgumentException("trailing bytes");
        }
        return new RelayMessage(type, camera, node, sent, kind, session, fragment);
    }

    private static void text(Buffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.appendShort((short) bytes.length).appendBytes(bytes);
    }

    private static void bytes(Buffer b, byte[] bytes) {
        b.appendInt(bytes.length).appendBytes(bytes);
    }

    private static <E> E enumAt(E[] values, int i) {
        if (i < 0 || i >= values.length) {
            throw new IllegalArgumentException("unknown value " + i);
        }
        return values[i];
    }

    /** Reads within [0, end) only: lengths from the wire are checked before anything is allocated. */
    private static final class Reader {
        private final Buffer b;
        private final int end;
        private int at;

        Reader(Buffer b, int end) {
            this.b = b;
            this.end = end;
        }

        private void need(int n) {
            if (n < 0 || end - at < n) {
                throw new IllegalArgumentException("truncated");
            }
        }

        int u8() {
            need(1);
            return b.getByte(at++) & 0xff;
        }

        int i32() {
            need(4);
            int v = b.getInt(at);
            at += 4;
            return v;
        }

        long i64() {
            need(8);
            long v = b.getLong(at);
            at += 8;
            return v;
        }

        String text() {
            need(2);
            int n = b.getUnsignedShort(at);
            at += 2;
            if (n > MAX_TEXT) {
                throw new IllegalArgumentException("text too long");
            }
            need(n);
            String s = b.getString(at, at + n, "UTF-8");
            at += n;
            return s;
        }

        byte[] bytes() {
            int n = i32();
            if (n > MAX_PAYLOAD) {
                throw new IllegalArgumentException("payload too large");
            }
            need(n);
            byte[] out = b.getBytes(at, at + n);
            at += n;
            return out;
        }
    }

    @Override
    public String toString() {
        return "RelayMessage[" + type + " " + kind + " camera=" + cameraId + " from=" + node
                + (fragment == null ? "" : " seq=" + fragment.sequence() + " bytes=" + fragment.bytes().length) + "]";
    }
}
