package nl.poortwachter.gateway.auth;

import java.util.Collection;
import java.util.Set;

/**
 * The role matrix: which role may do what, on which camera. One method, so that the whole policy can be read
 * (and reviewed by the privacy officer) in one screen, and the role-matrix test checks exactly this.
 *
 * @param policeOnlyRegimes legal regimes whose recordings only the police role may play back or export
 *                          (default {@code gemeentewet-151c}); municipal operators may still watch them live
 * @param groups            which camera groups a camera is in: a grant on a group ({@code group:<id>}) is a grant
 *                          on each camera in it now
 */
public record AccessPolicy(Set<String> policeOnlyRegimes, CameraGroups groups) {
    /** Footage whose regime is not known (the recorder's {@code SegmentIndex.UNKNOWN_REGIME}): the strictest. */
    public static final String UNKNOWN_REGIME = "unknown";

    /** The groups a camera belongs to (ids), answered from memory. */
    @FunctionalInterface
    public interface CameraGroups {
        CameraGroups NONE = camera -> Set.of();

        Set<String> groupsOf(String cameraId);
    }

    public AccessPolicy {
        policeOnlyRegimes = Set.copyOf(policeOnlyRegimes);
    }

    /** Without camera groups. */
    public AccessPolicy(Set<String> policeOnlyRegimes) {
        this(policeOnlyRegimes, CameraGroups.NONE);
    }

    /** A grant on the camera itself, on every camera, or on a group the camera is in. */
    private boolean granted(User user, String cameraId) {
        if (user.granted(cameraId)) {
            return true;
        }
        for (String group : groups.groupsOf(cameraId)) {
            if (user.grants().contains(CameraGroup.GRANT_PREFIX + group)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param cameraId the camera the request is about, or null for routes about no camera (e.g. the camera list,
     *                 which is filtered by {@link #canSee} instead)
     * @param regime   the camera's legal regime; needed only when {@link Permission#needsRegime()}, null when the
     *                 camera does not exist (then there is no footage to protect and the endpoint answers 404)
     * @return null when allowed, otherwise a short reason for the audit log
     */
    public String denial(User user, Permission permission, String cameraId, String regime) {
        return denialByRegimes(user, permission, cameraId, regime == null ? Set.of() : Set.of(regime));
    }

    /**
     * As {@link #denial(User, Permission, String, String)}, judged by every legal regime the footage concerned was
     * recorded under (a range across a regime change needs the strictest right, docs/decisions.md D47). A regime
     * named {@link #UNKNOWN_REGIME} (footage whose regime is not known) counts as police only. Empty: no footage
     * and no camera, nothing to protect (the endpoint answers 404).
     */
    public String denialByRegimes(User user, Permission permission, String cameraId, Collection<String> regimes) {
        if (permission == Permission.PUBLIC || permission == Permission.SELF) {
            return null;
        }
        if (user.mustChangePassword()) {
            return "password_change_required";
        }
        Role role = user.role();
        boolean ok = switch (permission) {
            case PUBLIC, SELF, AUTHENTICATED -> true;
            case CAMERA_VIEW -> role == Role.INTEGRATOR || role == Role.ADMIN
                    || (isViewer(role) && (cameraId == null || granted(user, cameraId)));
            case RECORDINGS_INDEX -> role == Role.INTEGRATOR || role == Role.ADMIN
                    || (isViewer(role) && (cameraId == null || granted(user, cameraId)));
            case LIVE -> role == Role.INTEGRATOR
                    || (isViewer(role) && (cameraId == null || granted(user, cameraId)));
            case PLAYBACK, EXPORT -> mayWatchRecordings(user, cameraId, regimes);
            case EXPORT_RECORDS -> role == Role.AUDITOR || mayWatchRecordings(user, cameraId, regimes);
            case LEGAL_HOLD -> role == Role.ADMIN || (role == Role.POLICE && cameraId != null && granted(user, cameraId));
            case CAMERA_ADMIN -> role == Role.INTEGRATOR;
            case AUDIT_READ -> role == Role.AUDITOR;
            case USER_ADMIN, POLICY_ADMIN, AUDIT_ADMIN -> role == Role.ADMIN;
            case METRICS, REGISTER_ADMIN -> role == Role.ADMIN || role == Role.INTEGRATOR;
            case REGISTER_READ -> role == Role.ADMIN || role == Role.INTEGRATOR || role == Role.AUDITOR;
        };
        if (ok) {
            return null;
        }
        if (isViewer(role) && permission.perCamera() && cameraId != null && !granted(user, cameraId)) {
            return "no_grant";
        }
        if (role == Role.OPERATOR && permission.needsRegime()) {
            return "police_only_regime";
        }
        return "role";
    }

    /** How much of one export a user may see, on a camera the route's permission already admitted them to. */
    public enum ExportScope {
        /** Not even that it exists. */
        NONE,
        /** The record, the manifest and its verification: no video (auditors). */
        METADATA,
        /** Everything, the MP4 included: its requester, and police (who may see all footage of their cameras). */
        FULL
    }

    /**
     * Exports are evidence copies made for one person's stated purpose: the requester sees theirs; police see every
     * export of a camera they may play back; auditors see records, never video; nobody else anything.
     *
     * @param exporter the user name the export was requested by
     */
    public ExportScope exportScope(User user, String exporter) {
        return switch (user.role()) {
            case POLICE -> ExportScope.FULL;
            case OPERATOR -> user.username().equals(exporter) ? ExportScope.FULL : ExportScope.NONE;
            case AUDITOR -> ExportScope.METADATA;
            case INTEGRATOR, ADMIN -> ExportScope.NONE;
        };
    }

    private boolean mayWatchRecordings(User user, String cameraId, Collection<String> regimes) {
        return isViewer(user.role()) && cameraId != null && granted(user, cameraId)
                && (user.role() == Role.POLICE || regimes.stream().noneMatch(this::policeOnly));
    }

    /** Whether footage recorded under this regime is for police eyes only. */
    public boolean policeOnly(String regime) {
        return policeOnlyRegimes.contains(regime) || UNKNOWN_REGIME.equals(regime);
    }

    /** Whether a camera shows up in this user's camera list. */
    public boolean canSee(User user, String cameraId) {
        return denial(user, Permission.CAMERA_VIEW, cameraId, null) == null;
    }

    private static boolean isViewer(Role role) {
        return role == Role.OPERATOR || role == Role.POLICE;
    }
}
