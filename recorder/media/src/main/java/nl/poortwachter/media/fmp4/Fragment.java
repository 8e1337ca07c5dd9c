package nl.poortwachter.media.fmp4;

/**
 * One moof+mdat pair of about a second, playable after its {@link #init()}, with its wall-clock time in front
 * (a {@code prft} box; live chunks of one picture have none). Immutable and shared by every consumer (segment
 * writer, live viewers): the camera's packets are muxed exactly once.
 *
 * @param sessionId       the RTSP session that produced it; media time is continuous within a session
 * @param sequence        1, 2, 3… within the session (the mfhd sequence number)
 * @param baseMediaTime   decode time of the first sample in {@link InitSegment#TIMESCALE} ticks since the session began
 * @param duration        ticks covered by the fragment's samples
 * @param keyframe        true if it starts with a keyframe: a point where playback and live viewers can start
 * @param wallClockMillis wall-clock time of the first sample (epoch ms) as the session's timeline gives it
 *                        (docs/time.md); for a live chunk (one picture), when that picture reached the gateway (for a
 *                        transcoded camera: when its camera picture did)
 */
public record Fragment(String sessionId, InitSegment init, long sequence, long baseMediaTime, long duration,
                       boolean keyframe, long wallClockMillis, int samples, byte[] bytes) {

    public long durationMillis() {
        return duration * 1000 / InitSegment.TIMESCALE;
    }

    public long endWallClockMillis() {
        return wallClockMillis + durationMillis();
    }
}
