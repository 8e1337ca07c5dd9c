package nl.poortwachter.recorder.camera;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which cameras may skip the sanitizing transcode. By default none: every camera is transcoded. A camera is
 * trusted when its vendor or id is allowed and its vendor is not denied; anything else needs an
 * administrator's override with a reason.
 */
public record PassthroughPolicy(Set<String> allowVendors, Set<String> allowCameras, Set<String> denyVendors) {

    public static final PassthroughPolicy TRUST_NONE = new PassthroughPolicy(Set.of(), Set.of(), Set.of());

    public PassthroughPolicy {
        allowVendors = normalise(allowVendors);
        allowCameras = Set.copyOf(allowCameras);
        denyVendors = normalise(denyVendors);
    }

    public boolean trusts(String cameraId, String vendor) {
        String v = vendor == null ? "" : vendor.strip().toLowerCase(Locale.ROOT);
        if (denyVendors.contains(v)) {
            return false;
        }
        return allowCameras.contains(cameraId) || !v.isEmpty() && allowVendors.contains(v);
    }

    private static Set<String> normalise(Set<String> names) {
        return names.stream().map(n -> n.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
