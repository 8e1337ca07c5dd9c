package nl.poortwachter.recorder.register;

import java.util.Locale;

/**
 * Which entries a register listing shows; a null criterion shows all. Text is compared as {@link MatchText} does
 * (no case, accents or punctuation), so "cafe" finds "Café".
 *
 * @param vendor  the vendor, as written (compared without case)
 * @param network {@code closed}, {@code open} or {@code unknown}
 * @param regime  a legal regime's id
 * @param state   a {@link RegisterView#state()}
 * @param text    words found in the key, location, description, purpose, vendor, model, department or segment
 */
public record RegisterFilter(String vendor, String network, String regime, Boolean publicListing, String state,
                             String text) {
    public static final RegisterFilter ALL = new RegisterFilter(null, null, null, null, null, null);

    public RegisterFilter {
        if (network != null && !network.equals("closed") && !network.equals("open") && !network.equals("unknown")) {
            throw new IllegalArgumentException("network must be closed, open or unknown");
        }
    }

    public boolean matches(RegisterView v) {
        RegisterEntry e = v.entry();
        return (vendor == null || vendor.strip().toLowerCase(Locale.ROOT).equals(lower(e.vendor())))
                && (network == null || network.equals(network(e.closedNetwork())))
                && (regime == null || regime.equals(e.legalRegime()))
                && (publicListing == null || publicListing.equals(Boolean.TRUE.equals(e.publicListing())))
                && (state == null || state.equals(v.state()))
                && (text == null || containsText(e));
    }

    /** {@code closed}, {@code open} or {@code unknown}. */
    public static String network(Boolean closed) {
        return closed == null ? "unknown" : closed ? "closed" : "open";
    }

    private boolean containsText(RegisterEntry e) {
        String wanted = MatchText.normalise(text);
        for (String s : new String[] {e.key(), e.location(), e.description(), e.purpose(), e.vendor(), e.model(),
                e.department(), e.networkSegment()}) {
            if (s != null && MatchText.normalise(s).contains(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String lower(String s) {
        return s == null ? null : s.strip().toLowerCase(Locale.ROOT);
    }
}
