package nl.poortwachter.recorder.storage;

/** What a segment writer reports; implemented by the metrics layer. */
public interface SegmentCounters {
    /**
     * A fragment is in its file.
     *
     * @param endMillis the wall-clock time its footage reaches (docs/time.md): how current the recording is
     */
    void fragmentWritten(int bytes, long nanos, long endMillis);

    void segmentClosed();

    void writeFailed();

    SegmentCounters NONE = new SegmentCounters() {
        @Override
        public void fragmentWritten(int bytes, long nanos, long endMillis) {
        }

        @Override
        public void segmentClosed() {
        }

        @Override
        public void writeFailed() {
        }
    };
}
