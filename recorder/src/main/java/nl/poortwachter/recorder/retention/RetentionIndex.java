package nl.poortwachter.recorder.retention;

import nl.poortwachter.recorder.camera.CameraStore;

/** What retention reads and writes in the recording index: cameras (for their retention), purges, holds. */
public interface RetentionIndex {
    CameraStore cameras();

    RetentionStore retention();

    HoldStore holds();
}
