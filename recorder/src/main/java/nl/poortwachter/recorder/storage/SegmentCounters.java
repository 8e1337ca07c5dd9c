package nl.poortwachter.recorder.storage;

/** What a segment writer reports; implemented by the metrics layer. */
public interface SegmentCounters {
    void fragmentWritten(int bytes, long nanos);

    void segmentClosed();

    void writeFailed();

    SegmentCounters NONE = new SegmentCounters() {
        @Override
        public void fragmentWritten(int bytes, long nanos) {
        }

        @Override
        public void segmentClosed() {
        }

        @Override
        public void writeFailed() {
        }
    };
}
