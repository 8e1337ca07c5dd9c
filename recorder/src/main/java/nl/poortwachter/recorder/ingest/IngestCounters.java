package nl.poortwachter.recorder.ingest;

/** What a camera session reports as it goes; implemented by the metrics layer. */
public interface IngestCounters {
    void packet(int bytes);

    void reconnect();

    void state(IngestState state);

    IngestCounters NONE = new IngestCounters() {
        @Override
        public void packet(int bytes) {
        }

        @Override
        public void reconnect() {
        }

        @Override
        public void state(IngestState state) {
        }
    };
}
