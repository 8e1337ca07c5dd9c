package nl.poortwachter.recorder.ingest.source;

/** Receives a source's access units; whatever it throws ends the read and reaches the session as it is. */
@FunctionalInterface
public interface UnitSink {
    void accept(AccessUnit unit) throws Exception;
}
