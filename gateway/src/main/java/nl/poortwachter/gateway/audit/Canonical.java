package nl.poortwachter.gateway.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical encoding of an entry and the hash chain over it. Length-prefixed fields rather than JSON: there is
 * exactly one encoding of an entry, with no escaping rules for independent verifiers to get subtly wrong.
 * (docs/auditor-guide.md has the same definition and a short script that checks a JSON export.)
 *
 * <pre>
 *   canonical = "PWAUDIT1" field*           (17 fields, in the order of {@link AuditEntry}, without the hash)
 *   field     = length:uint32 big-endian, then that many bytes of UTF-8;  null is length 0xFFFFFFFF
 *   numbers   = decimal ASCII (seq, time, range)
 *   hash(n)   = SHA-256( hash(n-1) as 32 raw bytes ‖ canonical(n) ),  hash(0) = 32 zero bytes
 * </pre>
 */
public final class Canonical {
    public static final byte[] GENESIS = new byte[32];
    private static final byte[] MAGIC = "PWAUDIT1".getBytes(StandardCharsets.US_ASCII);

    /** Exposes its array, so the digest reads the encoding in place instead of a copy per entry. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(512);
        }

        void digestInto(MessageDigest md) {
            md.update(buf, 0, count);
        }
    }

    private final Buffer buf = new Buffer();
    private final MessageDigest sha;

    /** Not thread-safe: one per writer or verifier (reusing the buffer and digest is what makes 1M entries fast). */
    public Canonical() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] encode(AuditEntry e) {
        fill(e);
        return buf.toByteArray();
    }

    private void fill(AuditEntry e) {
        buf.reset();
        buf.writeBytes(MAGIC);
        num(e.seq());
        num(e.timeMillis());
        str(e.actorId());
        str(e.actorName());
        str(e.actorRole());
        str(e.action());
        str(e.objectType());
        str(e.objectId());
        str(e.rangeFrom() == null ? null : Long.toString(e.rangeFrom()));
        str(e.rangeTo() == null ? null : Long.toString(e.rangeTo()));
        str(e.result());
        str(e.clientAddress());
        str(e.userAgent());
        str(e.purpose());
        str(e.caseNumber());
        str(e.traceId());
        str(e.detail());
    }

    /** The chain hash of {@code e} (whose seq is set) after {@code previous}. */
    public byte[] chain(byte[] previous, AuditEntry e) {
        sha.reset();
        sha.update(previous);
        fill(e);
        buf.digestInto(sha);
        return sha.digest();
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    public static byte[] unhex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private void num(long v) {
        str(Long.toString(v));
    }

    private void str(String s) {
        if (s == null) {
            buf.write(0xFF);
            buf.write(0xFF);
            buf.write(0xFF);
            buf.write(0xFF);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = b.length;
        buf.write(n >>> 24);
        buf.write(n >>> 16);
        buf.write(n >>> 8);
        buf.write(n);
        buf.writeBytes(b);
    }
}
