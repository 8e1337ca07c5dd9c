package nl.poortwachter.gateway.http;

/**
 * One byte range of a file, from an HTTP {@code Range} header (RFC 9110): {@code bytes=a-b}, {@code bytes=a-} or
 * {@code bytes=-n}. Players ask for one range at a time; several ranges in one request are refused (416) rather
 * than answered with a multipart body nobody here needs.
 *
 * @param partial whether the answer is 206 (a Range header was given) or 200 (the whole file)
 */
public record ByteRange(long offset, long length, boolean partial) {

    /** @param header the Range header or null; @param size bytes the file has (that are known complete) */
    public static ByteRange parse(String header, long size) {
        if (header == null) {
            return new ByteRange(0, size, false);
        }
        String h = header.strip();
        if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
            throw unsatisfiable(size, "only one range of the form bytes=first-last is served");
        }
        String spec = h.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            throw unsatisfiable(size, "malformed range");
        }
        try {
            String a = spec.substring(0, dash).strip();
            String b = spec.substring(dash + 1).strip();
            long first;
            long last;
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0) {
                    throw unsatisfiable(size, "empty suffix range");
                }
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(a);
                last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            }
            if (first < 0 || first >= size || last < first) {
                throw unsatisfiable(size, "the range lies outside the file's " + size + " bytes");
            }
            return new ByteRange(first, last - first + 1, true);
        } catch (NumberFormatException e) {
            throw unsatisfiable(size, "malformed range");
        }
    }

    public String contentRange(long size) {
        return "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
    }

    private static NotSatisfiable unsatisfiable(long size, String message) {
        return new NotSatisfiable(size, message);
    }

    /** Answered 416 with {@code Content-Range: bytes *}{@code /size}, which the client needs to ask again. */
    public static final class NotSatisfiable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final long size;

        NotSatisfiable(long size, String message) {
            super(message, null, false, false);
            this.size = size;
        }
    }
}
