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
 */
public record Access(Permission permission, String action, String cameraParam, boolean page,
                     boolean purposeRequired) {
    public static final Access PUBLIC = new Access(Permission.PUBLIC, null, null, false, false);
    /** What {@link Router#get(String, Endpoint)} and friends register: nobody may call such a route. */
    public static final Access UNDECLARED = new Access(null, null, null, false, false);

    public static Access of(Permission permission, String action) {
        return new Access(permission, action, null, false, false);
    }

    public Access camera(String pathParam) {
        return new Access(permission, action, pathParam, page, purposeRequired);
    }

    public Access browserPage() {
        return new Access(permission, action, cameraParam, true, purposeRequired);
    }

    public Access requiringPurpose() {
        return new Access(permission, action, cameraParam, page, true);
    }
}
