package nl.poortwachter.recorder.onvif;

/**
 * A media profile of a device ({@code GetProfiles}) and its RTSP stream ({@code GetStreamUri}).
 *
 * @param encoding      the video encoding as the device names it ({@code H264}, {@code H265}, {@code JPEG}), or null
 * @param width         picture width in pixels, 0 if the profile has no video encoder
 * @param streamUri     the RTSP URL as the camera URL policy cleans it, or null with {@code streamProblem} saying why
 */
public record MediaProfile(String token, String name, String encoding, int width, int height, String streamUri,
                           OnvifProblem streamProblem, String streamMessage) {

    MediaProfile withStream(String uri) {
        return new MediaProfile(token, name, encoding, width, height, uri, null, null);
    }

    MediaProfile withStreamProblem(OnvifException e) {
        return new MediaProfile(token, name, encoding, width, height, null, e.problem(), e.getMessage());
    }
}
