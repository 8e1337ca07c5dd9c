package nl.poortwachter.recorder.testing;

/** Looking for bytes in bytes, for tests that check what a file does or does not hold. */
public final class Bytes {
    private Bytes() {
    }

    public static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
