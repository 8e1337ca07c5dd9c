package nl.poortwachter.recorder.retention;

/** What the storage reserve may do to recording: implemented by the recorder over its camera pipelines. */
public interface RecordingControl {
    boolean isRecording(String cameraId);

    /** Stops the camera's ingest and recording; its configuration is untouched. */
    void pause(String cameraId);

    /** Starts it again if it is still configured to record. */
    void resume(String cameraId);

    RecordingControl NONE = new RecordingControl() {
        @Override
        public boolean isRecording(String cameraId) {
            return false;
        }

        @Override
        public void pause(String cameraId) {
        }

        @Override
        public void resume(String cameraId) {
        }
    };
}
