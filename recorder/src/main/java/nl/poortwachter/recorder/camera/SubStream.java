package nl.poortwachter.recorder.camera;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A camera's second, smaller stream (most IP cameras offer a 640x360 or D1 "sub-stream"), for live grids of many
 * tiles (decision D89). Only watched live, never recorded. As for the main stream (D5), the URL never carries
 * credentials: they live in {@link #username}/{@link #password}, are stored apart and never leave the gateway.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubStream(String url, String username, String password) {

    public boolean hasCredentials() {
        return username != null && !username.isEmpty();
    }

    @Override
    public String toString() {
        return "SubStream[url=" + url + ", credentials=" + (hasCredentials() ? "***" : "none") + "]";
    }
}
