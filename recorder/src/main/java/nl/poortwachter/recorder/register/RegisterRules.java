package nl.poortwachter.recorder.register;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.poortwachter.recorder.camera.InvalidCameraException;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;

/**
 * Checks a register entry and puts it in its stored form (legal basis as its id, the URL as the URL policy
 * cleans it). Every problem is reported, not only the first, so an import can list all that is wrong in a
 * row at once. The RTSP URL goes through the same {@link RtspUrlPolicy} as a camera's; the register holds no
 * credentials, so a URL with {@code user:password@} is refused (and never repeated in a message).
 */
public final class RegisterRules {
    /** The same cap as a camera's retention (CameraValidator); the legal basis may allow less. */
    static final int MAX_RETENTION_DAYS = 3650;
    private static final LocalDate EARLIEST_INSTALLATION = LocalDate.of(1970, 1, 1);
    private static final BigDecimal MAX_LATITUDE = BigDecimal.valueOf(90);
    private static final BigDecimal MAX_LONGITUDE = BigDecimal.valueOf(180);

    private final RtspUrlPolicy urlPolicy;
    private final Map<String, LegalRegime> regimes;
    private final Clock clock;

    public RegisterRules(RtspUrlPolicy urlPolicy, Map<String, LegalRegime> regimes, Clock clock) {
        this.urlPolicy = urlPolicy;
        this.regimes = Map.copyOf(regimes);
        this.clock = clock;
    }

    /** An entry in stored form, or the problems that keep it from being stored (then {@link #entry} is null). */
    public record Checked(RegisterEntry entry, List<FieldProblem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public Checked check(RegisterEntry in) {
        List<FieldProblem> problems = new ArrayList<>();
        RegisterEntry.Builder out = in.toBuilder();
        for (RegisterField field : RegisterField.values()) {
            if (field.kind() == RegisterField.Kind.TEXT && in.value(field) != null) {
                String text = ((String) in.value(field)).strip();
                textProblem(field, text).ifPresent(problems::add);
                out.set(field, text.isEmpty() ? null : text);
            }
        }
        required(out, RegisterField.KEY, problems);
        required(out, RegisterField.LOCATION, problems);
        checkCoordinates(in, problems);
        LegalRegime regime = null;
        if (in.legalRegime() != null) {
            regime = regime(in.legalRegime());
            if (regime == null) {
                problems.add(new FieldProblem(RegisterField.LEGAL_REGIME, CellValues.echo(in.legalRegime())
                        + " is not a configured legal basis; known: " + regimes.keySet().stream().sorted().toList()));
            } else {
                out.set(RegisterField.LEGAL_REGIME, regime.id());
            }
        }
        checkRetention(in.retentionDays(), regime, problems);
        checkInstallation(in.installedOn(), problems);
        if (in.rtspUrl() != null) {
            out.set(RegisterField.RTSP_URL, checkUrl(in.rtspUrl(), problems));
        }
        return problems.isEmpty() ? new Checked(out.build(), List.of()) : new Checked(null, List.copyOf(problems));
    }

    /** A configured regime by its id, or by its description or a spelling of its id ("Gemeentewet 151c"). */
    private LegalRegime regime(String given) {
        LegalRegime byId = regimes.get(given);
        if (byId != null) {
            return byId;
        }
        String wanted = MatchText.normalise(given);
        for (LegalRegime r : regimes.values()) {
            if (MatchText.normalise(r.id()).equals(wanted) || MatchText.normalise(r.description()).equals(wanted)) {
                return r;
            }
        }
        return null;
    }

    static Optional<FieldProblem> textProblem(RegisterField field, String value) {
        if (value.length() > field.maxLength()) {
            return Optional.of(new FieldProblem(field, "is longer than " + field.maxLength() + " characters"));
        }
        boolean multiLine = field == RegisterField.DESCRIPTION || field == RegisterField.PURPOSE;
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && !(multiLine && (c == '\n' || c == '\r')))) {
            return Optional.of(new FieldProblem(field, multiLine ? "must not contain control characters other than line breaks"
                    : "must not contain control characters or line breaks"));
        }
        return Optional.empty();
    }

    private static void required(RegisterEntry.Builder entry, RegisterField field, List<FieldProblem> problems) {
        if (entry.get(field) == null) {
            problems.add(new FieldProblem(field, "is required"));
        }
    }

    private static void checkCoordinates(RegisterEntry in, List<FieldProblem> problems) {
        if ((in.latitude() == null) != (in.longitude() == null)) {
            RegisterField missing = in.latitude() == null ? RegisterField.LATITUDE : RegisterField.LONGITUDE;
            problems.add(new FieldProblem(missing, "is required when " + (missing == RegisterField.LATITUDE
                    ? "longitude" : "latitude") + " is given (WGS84 coordinates come in pairs)"));
        }
        if (in.latitude() != null && in.latitude().abs().compareTo(MAX_LATITUDE) > 0) {
            problems.add(new FieldProblem(RegisterField.LATITUDE, "must be between -90 and 90 degrees (WGS84)"));
        }
        if (in.longitude() != null && in.longitude().abs().compareTo(MAX_LONGITUDE) > 0) {
            problems.add(new FieldProblem(RegisterField.LONGITUDE, "must be between -180 and 180 degrees (WGS84)"));
        }
    }

    private static void checkRetention(Integer days, LegalRegime regime, List<FieldProblem> problems) {
        if (days == null) {
            return;
        }
        if (days < 1 || days > MAX_RETENTION_DAYS) {
            problems.add(new FieldProblem(RegisterField.RETENTION_DAYS, "must be between 1 and " + MAX_RETENTION_DAYS + " days"));
        } else if (regime != null && days > regime.maxRetentionDays()) {
            problems.add(new FieldProblem(RegisterField.RETENTION_DAYS, "is " + days + " days but legal basis '" + regime.id()
                    + "' allows at most " + regime.maxRetentionDays()));
        }
    }

    private void checkInstallation(LocalDate date, List<FieldProblem> problems) {
        if (date == null) {
            return;
        }
        if (date.isBefore(EARLIEST_INSTALLATION)) {
            problems.add(new FieldProblem(RegisterField.INSTALLED_ON, "is before 1970"));
        } else if (date.isAfter(LocalDate.now(clock))) {
            problems.add(new FieldProblem(RegisterField.INSTALLED_ON, "lies in the future (" + date + ")"));
        }
    }

    private String checkUrl(String url, List<FieldProblem> problems) {
        try {
            RtspUrlPolicy.CheckedUrl checked = urlPolicy.check(url);
            if (checked.username() != null) {
                problems.add(new FieldProblem(RegisterField.RTSP_URL, "carries a user name or password; the register holds"
                        + " no credentials: leave them out of the URL and give them when the camera is connected"));
            }
            return checked.url();
        } catch (InvalidCameraException e) {
            // The policy's message starts with its own field name ("url: ...").
            problems.add(new FieldProblem(RegisterField.RTSP_URL, e.getMessage().substring(e.field().length() + 2)));
            return null;
        }
    }
}
