package nl.poortwachter.recorder.register;

/**
 * The natural key of a register row. A spreadsheet with its own identifier column ("Kenmerk") names its rows;
 * one without is matched on location and description together, compared as {@link MatchText} does (case,
 * accents, punctuation and spacing do not count), and a new row's key is made from the two.
 */
public final class RegisterKey {
    private static final int MAX = 100;

    private RegisterKey() {
    }

    /** What rows without their own key are compared by. */
    public static String matchText(String location, String description) {
        return MatchText.normalise(location == null ? "" : location) + "\n"
                + MatchText.normalise(description == null ? "" : description);
    }

    /** The key a new row without one gets, e.g. {@code pelikaanstraat-overvecht--parkeerterrein}. */
    public static String derive(String location, String description) {
        String key = MatchText.slug(location == null ? "" : location);
        String about = MatchText.slug(description == null ? "" : description);
        if (!about.isEmpty()) {
            key = key + "--" + about;
        }
        return key.length() > MAX ? key.substring(0, MAX) : key;
    }
}
