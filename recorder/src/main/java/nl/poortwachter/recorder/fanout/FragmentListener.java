package nl.poortwachter.recorder.fanout;

import nl.poortwachter.media.fmp4.Fragment;

/** Receives a camera's fragments in order. Called on the listener's own thread, never the camera's. */
public interface FragmentListener {
    void onFragment(Fragment fragment);

    /** The RTSP session ended (camera gone, reconnecting, or stopped): what follows is a new session. */
    void onSessionEnd(String sessionId);

    /** Nothing more will come (the camera was removed). */
    default void onClosed() {
    }
}
