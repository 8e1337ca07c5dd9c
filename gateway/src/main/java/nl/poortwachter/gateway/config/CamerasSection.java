package nl.poortwachter.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.camera.AddressPolicy;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.SubStream;
import nl.poortwachter.recorder.camera.CameraValidator;
import nl.poortwachter.recorder.camera.InvalidCameraException;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.camera.PassthroughPolicy;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;
import nl.poortwachter.recorder.logging.Log;

/**
 * The {@code cameras:} section: each camera validated as the API would (its URL within the camera networks, a known
 * regime, the passthrough policy), ids unique, and secrets taken from the environment: {@code password: ${NAME}}.
 * A literal password, or one in the URL, works but is warned about at every start, without the password.
 */
final class CamerasSection {
    private static final Log LOG = Log.of(CamerasSection.class);
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Function<String, String> env;
    private final YamlDocument doc;

    CamerasSection(Function<String, String> env, YamlDocument doc) {
        this.env = env;
        this.doc = doc;
    }

    List<CameraSpec> read(List<CameraSpec> raw, AddressPolicy addresses, Map<String, LegalRegime> regimes,
                          PassthroughPolicy passthrough) {
        if (raw == null) {
            return List.of();
        }
        CameraValidator validator = new CameraValidator(new RtspUrlPolicy(addresses), regimes, passthrough);
        List<CameraSpec> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            CameraSpec spec = raw.get(i);
            if (spec == null) {
                throw doc.fail("cameras[" + i + "]", "is empty");
            }
            String label = "cameras[" + i + "]" + (spec.id() != null ? " (id '" + spec.id() + "')"
                    : spec.name() != null ? " (name '" + spec.name() + "')" : "");
            String username = substitute(spec.username(), label, "username");
            String password = substitute(spec.password(), label, "password");
            warnOfLiterals(spec.url(), spec.password(), label, "");
            SubStream sub = spec.subStream();
            if (sub != null) {
                // The sub-stream's credentials (D89) come from the environment the same way.
                warnOfLiterals(sub.url(), sub.password(), label, "subStream.");
                sub = new SubStream(sub.url(), substitute(sub.username(), label, "subStream.username"),
                        substitute(sub.password(), label, "subStream.password"));
            }
            CameraSpec valid;
            try {
                valid = validator.validate(spec.withCredentials(username, password).withSubStream(sub));
            } catch (InvalidCameraException e) {
                throw new ConfigException(doc.name() + ": " + label + "." + e.field() + ": "
                        + e.getMessage().substring(e.field().length() + 2));
            }
            if (!ids.add(valid.id())) {
                throw new ConfigException(doc.name() + ": " + label + ": id '" + valid.id()
                        + "' is used by an earlier camera");
            }
            out.add(valid);
        }
        return List.copyOf(out);
    }

    /** @param prefix before the field names in the warning: "" for the main stream, "subStream." for the other */
    private void warnOfLiterals(String url, String password, String label, String prefix) {
        if (password != null && !ENV_REF.matcher(password).matches()) {
            LOG.warn("literal camera password in configuration file; use " + prefix + "password: ${ENV_VAR}",
                    "file", doc.name(), "camera", label);
        }
        if (urlHasPassword(url)) {
            LOG.warn("camera " + prefix + "url carries credentials in configuration file; use " + prefix + "username and "
                    + prefix + "password: ${ENV_VAR}", "file", doc.name(), "camera", label);
        }
    }

    /** {@code ${NAME}} is replaced by that environment variable; anything else is taken literally. */
    private String substitute(String value, String label, String field) {
        if (value == null) {
            return null;
        }
        Matcher m = ENV_REF.matcher(value);
        if (!m.matches()) {
            if (value.contains("${")) {
                throw new ConfigException(doc.name() + ": " + label + "." + field
                        + ": write an environment reference as the whole value, like ${CAMERA_PASSWORD}");
            }
            return value;
        }
        String resolved = env.apply(m.group(1));
        if (resolved == null || resolved.isEmpty()) {
            throw new ConfigException(doc.name() + ": " + label + "." + field + ": environment variable "
                    + m.group(1) + " is " + (resolved == null ? "not set" : "empty"));
        }
        return resolved;
    }

    private static boolean urlHasPassword(String url) {
        if (url == null) {
            return false;
        }
        try {
            String userInfo = new URI(url).getRawUserInfo();
            return userInfo != null && userInfo.contains(":");
        } catch (URISyntaxException e) {
            return false; // the validator reports the broken URL
        }
    }
}
