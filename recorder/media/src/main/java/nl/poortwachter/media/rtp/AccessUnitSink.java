package nl.poortwachter.media.rtp;

/** Receives whole pictures (access units) as Annex-B bytes with 4-byte start codes. */
@FunctionalInterface
public interface AccessUnitSink {
    /**
     * @param data      valid until the call returns (the buffer is reused)
     * @param timestamp presentation time in 90 kHz ticks, extended beyond RTP's 32 bits
     * @param damaged   an RTP packet of this picture (or of an earlier one it may refer to) was lost
     */
    void accept(byte[] data, int length, long timestamp, boolean damaged) throws Exception;
}
