package nl.poortwachter.gateway.audit;

import java.util.regex.Pattern;

/**
 * Why footage is viewed: free text, and optionally the case or incident number it belongs to (a police
 * registration number, a municipal incident number). Required for playback and export; live view takes the
 * operator's stated purpose or the configured default. Every route that takes a purpose checks it here.
 */
public record Purpose(String text, String caseNumber) {
    public static final int MAX_TEXT = 500;
    public static final int MIN_TEXT = 3;
    private static final Pattern CASE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ./:_-]{0,63}");

    /** What is wrong with this purpose, or null when it is usable. */
    public static String problem(String text, String caseNumber) {
        if (text == null || text.strip().length() < MIN_TEXT) {
            return "a purpose of at least " + MIN_TEXT + " characters is required";
        }
        if (text.length() > MAX_TEXT) {
            return "the purpose must be at most " + MAX_TEXT + " characters";
        }
        // One line of readable text: the log would otherwise record control characters as blanks, or as nothing.
        if (text.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
            return "the purpose must not contain control characters (line breaks, tabs, NUL)";
        }
        if (caseNumber != null && !caseNumber.isBlank() && !CASE.matcher(caseNumber.strip()).matches()) {
            return "the case number must be 1-64 characters: letters, digits, space and . / : _ -";
        }
        return null;
    }

    /** A checked purpose; call {@link #problem} first. */
    public static Purpose of(String text, String caseNumber) {
        String p = problem(text, caseNumber);
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
        return new Purpose(Text.clip(text.strip(), MAX_TEXT),
                caseNumber == null || caseNumber.isBlank() ? null : caseNumber.strip());
    }
}
