package nl.poortwachter.recorder.onvif;

import java.util.Locale;

/** Why talking to an ONVIF device failed, in the same words as a camera probe where they mean the same. */
public enum OnvifProblem {
    /** The device refused the ONVIF user name or password. */
    AUTH_FAILED,
    /** Nothing answers at that address and port (refused, no route). */
    UNREACHABLE,
    /** The device did not answer in time. */
    TIMEOUT,
    /** The address is outside the configured camera networks: the gateway does not go there. */
    OUTSIDE_NETWORKS,
    /** The device answered something that is not what ONVIF says (a fault, an HTTP error, bad XML). */
    BAD_RESPONSE,
    /** The stream URI the device gave is refused by the camera URL policy. */
    URL_REFUSED;

    /** The code in API answers, e.g. {@code auth_failed}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
