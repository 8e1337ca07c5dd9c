package nl.poortwachter.gateway.audit.anchor;

import java.io.IOException;
import nl.poortwachter.gateway.audit.Checkpoint;

/** One place outside the box that keeps a copy of every checkpoint. Called from one thread only. */
interface AnchorSink extends AutoCloseable {
    /** How the metrics and the log name it, e.g. {@code syslog-udp}, {@code file}. */
    String name();

    /** Delivers one checkpoint, or throws; a later call retries what failed. */
    void deliver(Checkpoint c) throws IOException;

    @Override
    void close();
}
