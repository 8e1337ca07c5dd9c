package nl.poortwachter.recorder.playback;

/**
 * One fragment (moof+mdat) in the order it plays.
 *
 * @param duration      in 90 kHz ticks
 * @param discontinuity true when it does not continue the previous fragment: first of the range, a new session,
 *                      a new decoder configuration, or a gap in the footage
 */
public record MediaFragment(SourceFile file, long offset, long size, long mediaTime, long duration, long wallMillis,
                            boolean keyframe, boolean discontinuity) {

    public long endWallMillis() {
        return wallMillis + duration / 90;
    }
}
