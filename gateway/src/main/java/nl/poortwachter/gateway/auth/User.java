package nl.poortwachter.gateway.auth;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A local user. {@code grants} are camera ids, or {@code *} for every camera; they matter for operator and police.
 * {@code passwordHash} never leaves the auth packages ({@code auth} and its endpoints, {@code auth.routes}):
 * {@link #toString()} leaves it out and the API uses its own view.
 */
public record User(String id, String username, Role role, String passwordHash, boolean mustChangePassword,
                   Set<String> grants, long createdMillis) {
    public static final String ALL_CAMERAS = "*";
    /** What a user name may be: lower case, as {@link UserStore#normalise} makes it. */
    public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public boolean granted(String cameraId) {
        return grants.contains(ALL_CAMERAS) || (cameraId != null && grants.contains(cameraId));
    }

    public User withPassword(String hash, boolean mustChange) {
        return new User(id, username, role, hash, mustChange, grants, createdMillis);
    }

    public User withRole(Role newRole) {
        return new User(id, username, newRole, passwordHash, mustChangePassword, grants, createdMillis);
    }

    public User withGrants(Set<String> newGrants) {
        return new User(id, username, role, passwordHash, mustChangePassword, Set.copyOf(newGrants), createdMillis);
    }

    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + ", role=" + role + ", grants=" + grants.size() + "]";
    }
}
