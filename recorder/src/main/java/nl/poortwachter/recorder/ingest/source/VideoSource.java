package nl.poortwachter.recorder.ingest.source;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;

/**
 * Where one session's pictures come from: a connection to the camera that is opened, read and closed by the
 * camera's ingest thread. Every source checks each address it connects to against the camera networks.
 */
public interface VideoSource {
    /** Connects and negotiates the video track; blocks at most about the connect timeout. */
    SourceStream open() throws SourceException;

    /**
     * Reads on until at least one access unit went to {@code sink}, or returns after a keep-alive answer. When the
     * stream ends or stalls it throws {@link SourceException}; what {@code sink} throws passes through unchanged.
     */
    void read(UnitSink sink) throws Exception;

    /**
     * Whether someone watches the camera live now; called before every {@link #read}. A source may then read in
     * smaller batches: each picture sooner, at the cost of more wake-ups (D93). The default ignores it.
     */
    default void watched(boolean watched) {
    }

    /** The stream as a decoder needs it (transcoding); owned by the source, valid until {@link #close()}. */
    AVCodecParameters decoderParameters();

    /** From any thread: ends a blocked open or read as soon as the source can (at once for our RTSP reader). */
    void interrupt();

    /** Releases the connection and every native object; once, on the thread that opened it. */
    void close();
}
