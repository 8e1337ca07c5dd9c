package nl.poortwachter.recorder.export;

import nl.poortwachter.recorder.camera.CameraStore;
import nl.poortwachter.recorder.storage.SegmentIndex;

/** What exports read and write in the recording index: segments to copy, camera names, the export records. */
public interface ExportIndex {
    SegmentIndex segments();

    CameraStore cameras();

    ExportStore exports();
}
