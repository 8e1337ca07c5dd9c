package nl.poortwachter.gateway.audit;

/** Free text that goes into the log: control characters out, length capped, so one field cannot flood a row. */
final class Text {
    private Text() {
    }

    /** {@code key=value} parts of a detail, blank-separated; null when there are none. */
    static String joined(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isEmpty()) {
                b.append(b.length() == 0 ? "" : " ").append(p);
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    static String clip(String s, int max) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        return b.toString();
    }
}
