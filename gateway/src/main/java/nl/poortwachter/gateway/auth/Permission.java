package nl.poortwachter.gateway.auth;

/**
 * What a route needs. Each route declares one (its {@code Access}, in the http package); which roles hold it,
 * and for which cameras, is decided in one place: {@link AccessPolicy}.
 */
public enum Permission {
    /** No login needed: the login endpoints, /health, the login page and its assets. */
    PUBLIC,
    /** Any logged-in user, also one who must still change the password: me, logout, change password, pages. */
    SELF,
    /** Any logged-in user who has no pending password change: API description. */
    AUTHENTICATED,
    /** See a camera (list, details): operator and police their granted cameras; integrator and admin all. */
    CAMERA_VIEW,
    /** Add, edit, remove and probe cameras: integrator. */
    CAMERA_ADMIN,
    /**
     * List when footage exists and what is held (segments, gaps, legal holds; no video): operator and police granted
     * cameras, integrator and admin all (admins place and release holds: {@link #LEGAL_HOLD}).
     */
    RECORDINGS_INDEX,
    /** Watch live: operator and police granted cameras; integrator all (installation preview). */
    LIVE,
    /** Play back recordings: operator and police granted cameras; police-only regimes (151c) for police only. */
    PLAYBACK,
    /** Export recordings (and download the MP4 of an export one may see in full): as playback. */
    EXPORT,
    /**
     * See export records (list, details, manifest, verify; no video): as export, and the auditor for every camera.
     * Which exports: {@link AccessPolicy#exportScope}.
     */
    EXPORT_RECORDS,
    /**
     * Set and release legal holds: police on their granted cameras (every regime), admin on every camera (the
     * municipality's legal officer acting on a request). Not operators: a hold extends retention beyond what the
     * register says, which is the controller's decision, not a viewer's (docs/decisions.md D85).
     */
    LEGAL_HOLD,
    /** Read, export and verify the audit and processing logs: auditor. */
    AUDIT_READ,
    /**
     * Acknowledge an alarm of the audit log (a cut tail, a rewritten chain, a changed signing key), after which the
     * log records again: admin. Auditors see the alarm and its acknowledgement as entries, and verification still
     * reports what happened.
     */
    AUDIT_ADMIN,
    /** Users, roles and grants: admin. */
    USER_ADMIN,
    /** Camera policies and their overrides (e.g. passthrough), and a camera's legal regime: admin. */
    POLICY_ADMIN,
    /** Prometheus metrics when they are not configured public, and the capacity report: admin and integrator. */
    METRICS,
    /** Read the camera register (list, entries, export, the council overview): integrator, admin and auditor. */
    REGISTER_READ,
    /**
     * Maintain the register (edit, delete, import): integrator and admin. A connected camera's location, purpose,
     * legal basis and retention are changed with it; connecting a camera is {@link #CAMERA_ADMIN}.
     */
    REGISTER_ADMIN;

    /** Whether the camera named in the path decides (grants, regime). */
    public boolean perCamera() {
        return this == CAMERA_VIEW || this == RECORDINGS_INDEX || this == LIVE || this == PLAYBACK || this == EXPORT
                || this == EXPORT_RECORDS || this == LEGAL_HOLD;
    }

    /**
     * Whether the camera's legal regime matters, so it must be looked up before deciding. Not for holds: police
     * may hold footage of every regime, and a hold shows no footage.
     */
    public boolean needsRegime() {
        return this == PLAYBACK || this == EXPORT || this == EXPORT_RECORDS;
    }
}
