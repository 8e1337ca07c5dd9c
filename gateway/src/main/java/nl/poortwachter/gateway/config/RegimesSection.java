package nl.poortwachter.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.settings.RecorderSettings;

/**
 * The {@code legalRegimes:} section: the table's built-in regimes unless the file lists its own; a file's list
 * replaces them, so that a regime can be withdrawn. Each regime may name its entry in the processing register.
 *
 * @param activities regime id to processing-register URI, for the regimes that name one
 */
record RegimesSection(Map<String, LegalRegime> regimes, Map<String, String> activities) {
    private static final Pattern REGIME_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    static RegimesSection read(Map<String, Structures.Regime> raw, YamlDocument doc) {
        if (raw == null) {
            return new RegimesSection(RecorderSettings.LEGAL_REGIMES.defaultValue(), Map.of());
        }
        if (raw.isEmpty()) {
            throw doc.fail("legalRegimes", "must list at least one regime: every camera records under one");
        }
        Map<String, LegalRegime> out = new LinkedHashMap<>();
        Map<String, String> activities = new LinkedHashMap<>();
        for (Map.Entry<String, Structures.Regime> e : raw.entrySet()) {
            String key = "legalRegimes." + e.getKey();
            if (!REGIME_ID.matcher(e.getKey()).matches()) {
                throw doc.fail(key, "the id must be 1-63 characters a-z, 0-9 and '-'");
            }
            Structures.Regime r = e.getValue();
            if (r == null || r.description() == null || r.description().isBlank()) {
                throw doc.fail(key + ".description", "is required");
            }
            if (r.maxRetentionDays() == null) {
                throw doc.fail(key + ".maxRetentionDays", "is required");
            }
            if (r.maxRetentionDays() < 1 || r.maxRetentionDays() > 3650) {
                throw doc.fail(key + ".maxRetentionDays", "must be between 1 and 3650 (got " + r.maxRetentionDays() + ")");
            }
            out.put(e.getKey(), new LegalRegime(e.getKey(), r.description().strip(), r.maxRetentionDays()));
            if (r.processingActivity() != null) {
                activities.put(e.getKey(), activity(r.processingActivity(), key + ".processingActivity", doc));
            }
        }
        return new RegimesSection(Map.copyOf(out), Map.copyOf(activities));
    }

    private static String activity(String uri, String key, YamlDocument doc) {
        try {
            if (!new URI(uri.strip()).isAbsolute()) {
                throw new URISyntaxException(uri, "not absolute");
            }
            return uri.strip();
        } catch (URISyntaxException ex) {
            throw doc.fail(key, "must be an absolute URI, e.g. https://register.example.nl/verwerkingen/42");
        }
    }
}
