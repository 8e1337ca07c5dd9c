package nl.poortwachter.gateway.http;

import nl.poortwachter.gateway.auth.Permission;

/**
 * What a route needs before its endpoint runs, declared where the route is registered:
 * {@code router.get("/api/v1/cameras/{id}", Access.of(Permission.CAMERA_VIEW, "camera.read").camera("id"), ...)}.
 * The guard checks it for every request, so an endpoint cannot forget to; a route registered without a
 * declaration is refused to everyone ({@link #UNDECLARED}).
 *
 * @param permission      what the user's role must hold
 * @param action          the audit action a refusal is logged under (e.g. {@code camera.update})
 * @param cameraParam     path parameter naming the camera whose grant and legal regime decide, or null
 * @param page            a browser page: without a login session, redirect to the login page instead of 401
 * @param purposeRequired playback and export: the request must state a purpose ({@code purpose}, optional
 *                        {@code caseNumber} query parameters), else 400
 * @param footage         for permissions that depend on a legal regime: which footage's regimes decide
 */
public record Access(Permission permission, String action, String cameraParam, boolean page,
                     boolean purposeRequired, Footage footage) {
    public static final Access PUBLIC = new Access(Permission.PUBLIC, null, null, false, false, Footage.CAMERA);
    /** What {@link Router#get(String, Endpoint)} and friends register: nobody may call such a route. */
    public static final Access UNDECLARED = new Access(null, null, null, false, false, Footage.CAMERA);

    /**
     * Footage carries the legal regime it was recorded under (docs/decisions.md D47): a request is judged by the
     * regimes of the footage it concerns, found as declared here. Where the range holds no footage, or names none,
     * the camera's current regime decides.
     */
    public enum Footage {
        /** No range: the camera's current regime (e.g. the list of a camera's exports). */
        CAMERA,
        /** The {@code from}/{@code to} query parameters (playlists, export requests). */
        QUERY_RANGE,
        /** The range of the export named by path parameter {@code export}. */
        EXPORT,
        /** The range of the legal hold named by path parameter {@code hold}. */
        HOLD,
        /** The segment named by path parameter {@code file} ({@code <id>.mp4}). */
        SEGMENT
    }

    public static Access of(Permission permission, String action) {
        return new Access(permission, action, null, false, false, Footage.CAMERA);
    }

    public Access camera(String pathParam) {
        return new Access(permission, action, pathParam, page, purposeRequired, footage);
    }

    public Access browserPage() {
        return new Access(permission, action, cameraParam, true, purposeRequired, footage);
    }

    public Access requiringPurpose() {
        return new Access(permission, action, cameraParam, page, true, footage);
    }

    public Access footage(Footage which) {
        return new Access(permission, action, cameraParam, page, purposeRequired, which);
    }
}
