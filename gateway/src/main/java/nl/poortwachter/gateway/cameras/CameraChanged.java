package nl.poortwachter.gateway.cameras;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import nl.poortwachter.recorder.CameraView;

/**
 * The answer to adding or changing a camera: the camera as GET shows it, and, when it will probably not fit in the
 * room the box has left, a warning saying so (docs/decisions.md D42: warned, not refused).
 */
record CameraChanged(@JsonUnwrapped CameraView camera,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String capacityWarning) {
}
