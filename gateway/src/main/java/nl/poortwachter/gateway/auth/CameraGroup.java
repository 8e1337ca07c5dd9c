package nl.poortwachter.gateway.auth;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named set of cameras (a district, a building) that operators and police can be granted as one: a user whose
 * grants hold {@code group:<id>} may see every camera that is in the group now, also cameras added to it later.
 */
public record CameraGroup(String id, String name, Set<String> cameras, long createdMillis) {
    public static final String GRANT_PREFIX = "group:";
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public CameraGroup {
        cameras = Set.copyOf(cameras);
    }

    public String grant() {
        return GRANT_PREFIX + id;
    }
}
