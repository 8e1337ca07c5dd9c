package nl.poortwachter.gateway.auth;

import java.util.Set;

/**
 * A local user. {@code grants} are camera ids, or {@code *} for every camera; they matter for operator and police.
 * {@code passwordHash} never leaves the auth package: {@link #toString()} leaves it out and the API uses its own view.
 */
public record User(String id, String username, Role role, String passwordHash, boolean mustChangePassword,
                   Set<String> grants, long createdMillis) {
    public static final String ALL_CAMERAS = "*";

    public boolean granted(String cameraId) {
        return grants.contains(ALL_CAMERAS) || (cameraId != null && grants.contains(cameraId));
    }

    User withPassword(String hash, boolean mustChange) {
        return new User(id, username, role, hash, mustChange, grants, createdMillis);
    }

    User withRole(Role newRole) {
        return new User(id, username, newRole, passwordHash, mustChangePassword, grants, createdMillis);
    }

    User withGrants(Set<String> newGrants) {
        return new User(id, username, role, passwordHash, mustChangePassword, Set.copyOf(newGrants), createdMillis);
    }

    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + ", role=" + role + ", grants=" + grants.size() + "]";
    }
}
