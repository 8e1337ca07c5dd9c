package nl.poortwachter.recorder.ingest;

import org.bytedeco.ffmpeg.avcodec.AVPacket;

/** What a session does with each video packet: store it cleaned (passthrough) or re-encode it (transcode). */
interface VideoPipeline extends AutoCloseable {
    /** @return true if a new picture came through (for the fps figure and the stall watchdog) */
    boolean accept(AVPacket packet) throws StreamChangedException;

    /** The session ends: push out what is buffered. */
    void finish();

    /** Frees native resources; once, on the session's thread. */
    @Override
    void close();
}
