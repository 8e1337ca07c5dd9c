package nl.poortwachter.gateway.cameras;

import java.util.regex.Pattern;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Exchange;

/** The camera id in a route's path ({@code {id}}): a name that cannot be a valid id is simply not found. */
public final class CameraPath {
    private static final Pattern CAMERA_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private CameraPath() {
    }

    public static String id(Exchange ex) {
        String id = ex.pathParam("id");
        if (!CAMERA_ID.matcher(id).matches()) {
            throw ApiException.notFound("no such camera");
        }
        return id;
    }
}
