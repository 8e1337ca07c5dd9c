package nl.poortwachter.recorder.camera;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a camera description and fills its defaults, so that everything stored is valid: the same rules
 * apply to cameras from the API and from the configuration file.
 */
public final class CameraValidator {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern REGIME_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final int MAX_TEXT = 200;
    /** Folders the gateway keeps at the storage root beside the camera folders (the signing key lives in keys/). */
    private static final java.util.Set<String> RESERVED_IDS = java.util.Set.of("keys", "exports", "audit", "auth", "index", "tmp");
    private static final int MAX_RETENTION_DAYS = 3650;

    private final RtspUrlPolicy urlPolicy;
    private final Map<String, LegalRegime> regimes;
    private final PipelineRules pipelineRules;

    public CameraValidator(RtspUrlPolicy urlPolicy, Map<String, LegalRegime> regimes) {
        this(urlPolicy, regimes, PassthroughPolicy.TRUST_NONE);
    }

    public CameraValidator(RtspUrlPolicy urlPolicy, Map<String, LegalRegime> regimes, PassthroughPolicy passthroughPolicy) {
        this.urlPolicy = urlPolicy;
        this.regimes = Map.copyOf(regimes);
        this.pipelineRules = new PipelineRules(passthroughPolicy);
    }

    /** Returns the camera with defaults filled in and credentials moved out of the URL; throws on any problem. */
    public CameraSpec validate(CameraSpec in) {
        String id = in.id();
        if (id == null || id.isEmpty()) {
            id = slug(required("name", in.name()));
        }
        if (!ID.matcher(id).matches()) {
            throw new InvalidCameraException("id", "must be 1-63 characters a-z, 0-9 and '-', starting with a letter or digit");
        }
        if (RESERVED_IDS.contains(id)) {
            throw new InvalidCameraException("id", "'" + id + "' is reserved for the gateway's own files; choose another id");
        }
        String name = text("name", required("name", in.name()));
        Access access = access(in);
        RtspUrlPolicy.CheckedUrl url = access.url();
        String username = access.username();
        String password = access.password();
        String regimeId = required("legalRegime", in.legalRegime());
        if (!REGIME_ID.matcher(regimeId).matches() || !regimes.containsKey(regimeId)) {
            throw new InvalidCameraException("legalRegime", "'" + regimeId + "' is not a configured legal regime; known: "
                    + regimes.keySet().stream().sorted().toList());
        }
        LegalRegime regime = regimes.get(regimeId);
        int retention = in.retentionDays() == null
                ? Math.min(CameraSpec.DEFAULT_RETENTION_DAYS, regime.maxRetentionDays())
                : in.retentionDays();
        if (retention < 1 || retention > MAX_RETENTION_DAYS) {
            throw new InvalidCameraException("retentionDays", "must be between 1 and " + MAX_RETENTION_DAYS);
        }
        if (retention > regime.maxRetentionDays()) {
            throw new InvalidCameraException("retentionDays", "is " + retention + " but regime '" + regimeId
                    + "' allows at most " + regime.maxRetentionDays() + " days");
        }
        return pipelineRules.check(new CameraSpec(id, name, url.url(), username, password,
                optionalText("vendor", in.vendor()), optionalText("model", in.model()),
                optionalText("location", in.location()), optionalText("purpose", in.purpose()),
                regimeId, retention, in.recording() == null || in.recording(),
                in.transport() == null ? Transport.tcp : in.transport(),
                in.mode(), in.transcode(), in.masks(), in.policyOverride(), subStream(in.subStream())));
    }

    /**
     * The sub-stream checked like the main URL (D89): the same URL policy, credentials moved out of the URL; none when
     * absent or its URL is blank (that is how a form clears it).
     */
    private SubStream subStream(SubStream in) {
        if (in == null || in.url() == null || in.url().isBlank()) {
            return null;
        }
        Access a = access("subStream.", in.url(), in.username(), in.password());
        return new SubStream(a.url().url(), a.username() == null || a.username().isEmpty() ? null : a.username(),
                a.password());
    }

    /** The checked URL and the credentials, given in the URL or in the fields but not in both. */
    private record Access(RtspUrlPolicy.CheckedUrl url, String username, String password) {
    }

    private Access access(CameraSpec in) {
        return access("", in.url(), in.username(), in.password());
    }

    /** @param prefix before each field name in a refusal: "" for the main stream, "subStream." for the other */
    private Access access(String prefix, String rawUrl, String username, String password) {
        RtspUrlPolicy.CheckedUrl url;
        try {
            url = urlPolicy.check(rawUrl);
        } catch (InvalidCameraException e) {
            throw prefix.isEmpty() ? e : new InvalidCameraException(prefix + e.field(), reason(e));
        }
        if (url.username() != null) {
            if (username != null && !username.isEmpty()) {
                throw new InvalidCameraException(prefix + "url", "carries credentials and '" + prefix
                        + "username' is set too; give them once, in '" + prefix + "username'/'" + prefix + "password'");
            }
            username = url.username();
            password = url.password();
        }
        if (username != null) {
            text(prefix + "username", username);
        }
        if (password != null && password.length() > 256) {
            throw new InvalidCameraException(prefix + "password", "is longer than 256 characters");
        }
        if (password != null && username == null) {
            throw new InvalidCameraException(prefix + "username", "is required when a password is given");
        }
        return new Access(url, username, password);
    }

    /** The refusal's reason without the field name its message starts with. */
    private static String reason(InvalidCameraException e) {
        String m = e.getMessage();
        return m.startsWith(e.field() + ": ") ? m.substring(e.field().length() + 2) : m;
    }

    /**
     * The part of a camera that a connection test needs (URL, credentials, transport, mode), checked by the same
     * rules as {@link #validate}: a camera not yet saved reaches nothing the URL policy refuses.
     */
    public CameraSpec validateConnection(CameraSpec in) {
        Access access = access(in);
        RtspUrlPolicy.CheckedUrl url = access.url();
        String username = access.username();
        String password = access.password();
        return new CameraSpec(in.id(), in.name(), url.url(), username == null || username.isEmpty() ? null : username,
                password, null, null, null, null, null, null, true,
                in.transport() == null ? Transport.tcp : in.transport(), in.mode(), null, null, null);
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidCameraException(field, "is required");
        }
        return value;
    }

    private static String optionalText(String field, String value) {
        return value == null ? null : text(field, value);
    }

    private static String text(String field, String value) {
        if (value.length() > MAX_TEXT) {
            throw new InvalidCameraException(field, "is longer than " + MAX_TEXT + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidCameraException(field, "must not contain control characters");
        }
        return value.strip();
    }

    static String slug(String name) {
        String s = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 63) {
            s = s.substring(0, 63).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "camera" : s;
    }
}
