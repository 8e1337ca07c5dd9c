package nl.poortwachter.recorder.register;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text as a comparison sees it: without accents, case, punctuation or extra spaces. Column names
 * ("Locatie (straat)" = "locatie straat") and the natural key of rows without a key column
 * ("Café Pelikaan" = "cafe  pelikaan") are compared this way, so that retyping a spreadsheet does not
 * make new cameras.
 */
public final class MatchText {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_ALNUM = Pattern.compile("[^a-z0-9]+");

    private MatchText() {
    }

    /** Lower-case words of a-z and 0-9 separated by single spaces. */
    public static String normalise(String text) {
        String plain = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        return NOT_ALNUM.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    /** The same words joined by '-', e.g. {@code pelikaanstraat-overvecht}. */
    public static String slug(String text) {
        return normalise(text).replace(' ', '-');
    }
}
