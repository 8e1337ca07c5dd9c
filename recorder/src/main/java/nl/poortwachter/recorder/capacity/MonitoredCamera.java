package nl.poortwachter.recorder.capacity;

import nl.poortwachter.recorder.ingest.IngestLoad;
import nl.poortwachter.recorder.ingest.IngestStatus;

/** One camera's pipeline as the capacity monitor reads and steers it. */
public interface MonitoredCamera {
    String cameraId();

    /** Re-encoded (the sanitizing transcode): the cameras whose load can be shed. */
    boolean transcoded();

    IngestStatus status();

    /** The ingest thread whose CPU time is the camera's cost; -1 if none runs. */
    long threadId();

    /** Wall-clock end of the newest fragment written to disk, or {@link Long#MIN_VALUE} before the first. */
    long newestDurableEndMillis();

    /** Pictures per second through the pipeline now. */
    double processedFps();

    /** The monitor's figures and verdict, shown in the camera's status. */
    void load(IngestLoad load);

    /** Overload: transcode the camera's key frames only (true), or every picture again (false). */
    void keyframesOnly(boolean on);
}
