package nl.poortwachter.recorder.capacity;

/**
 * Told when the overload policy changes how a camera is recorded: the gateway writes it in the processing log.
 * Called on the capacity monitor's thread; must not block it for long.
 */
public interface CapacityListener {
    /** From now on the camera's key frames only are recorded. */
    void reduced(String cameraId, String policy, String reason);

    /** The camera is recorded in full again. */
    void restored(String cameraId, String reason);
}
