package nl.poortwachter.gateway.config;

import java.util.Map;
import nl.poortwachter.recorder.camera.LegalRegime;

/**
 * The legal regimes a Dutch municipality usually records under, used when gateway.yaml lists none. The maximum
 * retention is a ceiling per regime; each camera may (and should, where it can) keep footage for less.
 * These are defaults, not legal advice: the municipality's privacy officer (FG) decides.
 */
final class DefaultRegimes {
    static final Map<String, LegalRegime> ALL = Map.of(
            "gemeentewet-151c", new LegalRegime("gemeentewet-151c",
                    "Cameratoezicht openbare orde (Gemeentewet art. 151c)", 28),
            "avg-building-security", new LegalRegime("avg-building-security",
                    "Beveiliging gebouwen en eigendommen (AVG art. 6 lid 1 sub e/f)", 28),
            // Traffic and road management needs recent footage only; a short ceiling keeps it that way.
            "wegbeheer", new LegalRegime("wegbeheer",
                    "Verkeersmonitoring en wegbeheer (Wegenverkeerswet 1994, AVG art. 6 lid 1 sub e)", 7));

    private DefaultRegimes() {
    }
}
