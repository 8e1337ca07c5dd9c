package nl.poortwachter.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Values a measurement cannot take: a picture shown before it arrived, more pictures received than the camera
 * sent, a share above the whole. One of them means the harness measured something else than it claims (a live
 * latency of −295 ms was once printed next to "MET"), so no target is judged on such a run: every verdict becomes
 * {@link #INVALID} and the harness exits with {@link #EXIT_CODE} after writing what it saw.
 */
final class Plausibility {
    static final String INVALID = "INVALID (impossible values)";
    static final int EXIT_CODE = 3;

    private final List<String> violations = new ArrayList<>();

    /** {@code value} must be at least {@code floor}; NaN (not measured) passes. */
    Plausibility atLeast(String what, double value, double floor) {
        if (value < floor) {
            violations.add(String.format(Locale.ROOT, "%s = %s, below %s", what, fmt(value), fmt(floor)));
        }
        return this;
    }

    /** {@code value} must be at most {@code ceiling}; NaN (not measured) passes. */
    Plausibility atMost(String what, double value, double ceiling) {
        if (value > ceiling) {
            violations.add(String.format(Locale.ROOT, "%s = %s, above %s", what, fmt(value), fmt(ceiling)));
        }
        return this;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    /** The targets as judged, or every one INVALID when an impossible value was seen. */
    List<Report.Target> judge(List<Report.Target> targets) {
        if (violations.isEmpty()) {
            return targets;
        }
        String why = String.join("; ", violations);
        List<Report.Target> out = new ArrayList<>();
        for (Report.Target t : targets) {
            out.add(new Report.Target(t.name(), INVALID, why + " (as measured: " + t.verdict() + "; " + t.detail() + ")"));
        }
        return out;
    }

    /** Says so loudly and ends the harness with a failure status if anything impossible was seen. */
    void exitIfViolated(String harness) {
        if (!violations.isEmpty()) {
            System.err.println("[bench] " + harness + ": IMPOSSIBLE VALUES, no target judged:");
            violations.forEach(v -> System.err.println("[bench]   " + v));
            System.exit(EXIT_CODE);
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
