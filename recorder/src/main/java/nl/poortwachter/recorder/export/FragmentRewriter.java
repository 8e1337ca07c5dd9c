package nl.poortwachter.recorder.export;

/**
 * Rewrites, in place, the two numbers of a moof+mdat fragment that must change when fragments from several files
 * and sessions become one file: the sequence number ({@code mfhd}) and the base media decode time ({@code tfdt}),
 * and with the latter the media time of the prft box in front, so each fragment's wall-clock time stays true in
 * the export (docs/time.md). Sizes do not change, so the trun data offsets stay valid.
 */
final class FragmentRewriter {
    private FragmentRewriter() {
    }

    static void rewrite(byte[] fragment, long sequence, long baseMediaTime) {
        int moofStart = 0;
        if (fragment.length >= 32 && type(fragment, 4, "prft") && (fragment[8] & 0xff) == 1) {
            moofStart = u32(fragment, 0);
            putU32(fragment, 24, baseMediaTime >>> 32);
            putU32(fragment, 28, baseMediaTime & 0xffffffffL);
        }
        int moofSize = moofStart + 8 <= fragment.length ? u32(fragment, moofStart) : 0;
        if (moofSize < 8 || moofStart + moofSize > fragment.length || !type(fragment, moofStart + 4, "moof")) {
            throw new IllegalArgumentException("fragment does not start with a moof box");
        }
        int moofEnd = moofStart + moofSize;
        boolean seenTfdt = false;
        int p = moofStart + 8;
        while (p + 8 <= moofEnd) {
            int size = u32(fragment, p);
            if (size < 8 || p + size > moofEnd) {
                throw new IllegalArgumentException("broken box in moof at " + p);
            }
            if (type(fragment, p + 4, "mfhd")) {
                putU32(fragment, p + 12, sequence);
            } else if (type(fragment, p + 4, "traf")) {
                int q = p + 8;
                while (q + 8 <= p + size) {
                    int s = u32(fragment, q);
                    if (s < 8 || q + s > p + size) {
                        throw new IllegalArgumentException("broken box in traf at " + q);
                    }
                    if (type(fragment, q + 4, "tfdt")) {
                        int version = fragment[q + 8] & 0xff;
                        if (version == 1) {
                            putU32(fragment, q + 12, baseMediaTime >>> 32);
                            putU32(fragment, q + 16, baseMediaTime & 0xffffffffL);
                        } else if (baseMediaTime <= 0xffffffffL) {
                            putU32(fragment, q + 12, baseMediaTime);
                        } else {
                            throw new IllegalArgumentException("tfdt version 0 cannot hold " + baseMediaTime);
                        }
                        seenTfdt = true;
                    }
                    q += s;
                }
            }
            p += size;
        }
        if (!seenTfdt) {
            throw new IllegalArgumentException("fragment has no tfdt box");
        }
    }

    private static boolean type(byte[] b, int at, String fourcc) {
        for (int i = 0; i < 4; i++) {
            if (b[at + i] != fourcc.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static void putU32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
