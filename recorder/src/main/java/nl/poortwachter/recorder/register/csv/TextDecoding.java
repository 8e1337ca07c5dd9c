package nl.poortwachter.recorder.register.csv;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a spreadsheet's CSV: UTF-8 (with or without the byte order mark Excel writes) or Windows-1252, the
 * two that Dutch spreadsheet programs save. Valid UTF-8 is taken as UTF-8 (a Windows-1252 file with accents
 * is almost never valid UTF-8); otherwise Windows-1252, if every byte is a character there. A file that is
 * neither is refused with the line of the first offending byte, rather than imported with mangled names.
 */
public final class TextDecoding {
    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private TextDecoding() {
    }

    /** The text and the encoding it was read in ("UTF-8" or "windows-1252"). */
    public record Decoded(String text, String encoding) {
    }

    /** The file is not text in an encoding we read; {@link #line()} is where the first bad byte is (1-based). */
    public static final class BrokenEncodingException extends Exception {
        private final int line;

        BrokenEncodingException(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    public static Decoded decode(byte[] bytes) throws BrokenEncodingException {
        if (startsWith(bytes, new byte[] {'P', 'K', 3, 4})) {
            throw new BrokenEncodingException(1, "this is a spreadsheet workbook (.xlsx or .ods), not CSV: save it as CSV first");
        }
        if (startsWith(bytes, new byte[] {(byte) 0xFF, (byte) 0xFE}) || startsWith(bytes, new byte[] {(byte) 0xFE, (byte) 0xFF})) {
            throw new BrokenEncodingException(1, "the file is UTF-16 (\"Unicode text\"); save it as \"CSV UTF-8\" or"
                    + " \"CSV (semicolon separated)\"");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new BrokenEncodingException(lineAt(bytes, i), "the file contains NUL bytes: it is not a CSV text file");
            }
        }
        boolean bom = startsWith(bytes, UTF8_BOM);
        int start = bom ? UTF8_BOM.length : 0;
        ByteBuffer content = ByteBuffer.wrap(bytes, start, bytes.length - start);
        int badUtf8 = firstUndecodable(StandardCharsets.UTF_8, content.duplicate());
        if (badUtf8 < 0) {
            return new Decoded(strictly(StandardCharsets.UTF_8, content), "UTF-8");
        }
        if (bom) {
            throw new BrokenEncodingException(lineAt(bytes, badUtf8), "the file says it is UTF-8 (it starts with a byte order"
                    + " mark) but byte " + hex(bytes[badUtf8]) + " on line " + lineAt(bytes, badUtf8) + " is not valid UTF-8");
        }
        int bad1252 = firstUndecodable(WINDOWS_1252, content.duplicate());
        if (bad1252 < 0) {
            return new Decoded(strictly(WINDOWS_1252, content), "windows-1252");
        }
        throw new BrokenEncodingException(lineAt(bytes, bad1252), "broken encoding: the file is neither UTF-8 (byte "
                + hex(bytes[badUtf8]) + " on line " + lineAt(bytes, badUtf8) + " is not valid UTF-8) nor Windows-1252 (byte "
                + hex(bytes[bad1252]) + " on line " + lineAt(bytes, bad1252) + " is not a character there); save it as \"CSV UTF-8\"");
    }

    /** Offset in the whole array of the first byte that does not decode, or -1. */
    private static int firstUndecodable(Charset charset, ByteBuffer in) {
        CharsetDecoder decoder = strict(charset);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                return in.position();
            }
            if (r.isUnderflow()) {
                r = decoder.flush(out.clear());
                return r.isError() ? in.position() : -1;
            }
            out.clear();
        }
    }

    private static String strictly(Charset charset, ByteBuffer in) {
        try {
            return strict(charset).decode(in).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("checked as decodable a moment ago", e);
        }
    }

    private static CharsetDecoder strict(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte b) {
        return String.format("0x%02X", b & 0xff);
    }
}
