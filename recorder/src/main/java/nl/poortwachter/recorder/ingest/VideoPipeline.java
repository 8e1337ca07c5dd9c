package nl.poortwachter.recorder.ingest;

import nl.poortwachter.recorder.ingest.source.AccessUnit;

/** What a session does with each access unit: store it cleaned (passthrough) or re-encode it (transcode). */
interface VideoPipeline extends AutoCloseable {
    /** @return true if a new picture came through (for the fps figures and the stall watchdog) */
    boolean accept(AccessUnit unit) throws StreamChangedException;

    /** The session ends: push out what is buffered. */
    void finish();

    /** Frees native resources; once, on the session's thread. */
    @Override
    void close();
}
