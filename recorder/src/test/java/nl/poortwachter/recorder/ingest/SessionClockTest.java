package nl.poortwachter.recorder.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * The session timeline with synthetic cameras: 25 fps, fragments of 25 pictures (a second), arrival = capture +
 * network delay + jitter (+ whatever the test adds), and a camera clock that may run fast or slow. The camera's
 * true capture times are known here, so the error of every fragment start can be checked.
 */
class SessionClockTest {
    private static final long FRAME_TICKS = 3600;
    private static final int FRAGMENT = 25;
    private static final long T0 = 1_800_000_000_000L;
    private static final long MIN_DELAY = 20;

    /** One fragment as the muxer hands it to the index: its start, its media duration and the true capture time. */
    record Placed(long start, long durationMillis, long trueCapture, long firstArrival, long endArrival) {
    }

    /**
     * Drives a clock as the muxer does. {@code ppm}: how much faster (positive) the camera's clock runs than the
     * truth; {@code extraDelay}: extra delay of picture n in ms.
     */
    static List<Placed> run(int pictures, double ppm, IntToLongFunction extraDelay, long seed) {
        Random random = new Random(seed);
        SessionClock clock = new SessionClock(T0);
        long[] arrival = new long[pictures];
        long[] capture = new long[pictures];
        for (int n = 0; n < pictures; n++) {
            // Media time n*40 ms by the camera's clock is n*40/(1+ppm) ms of true time.
            capture[n] = T0 + 50 + Math.round(n * 40.0 / (1 + ppm / 1e6));
            long delay = MIN_DELAY + (random.nextInt(10) == 0 ? random.nextInt(150) : random.nextInt(8)) + extraDelay.applyAsLong(n);
            arrival[n] = Math.max(n == 0 ? 0 : arrival[n - 1], capture[n] + delay); // one connection: in order
        }
        List<Placed> out = new ArrayList<>();
        for (int n = 0; n < pictures; n++) {
            // As the muxer does: each sample is told first; the sample that starts a fragment completes the one before.
            clock.sample(n * FRAME_TICKS, arrival[n]);
            if (n > 0 && n % FRAGMENT == 0) {
                int first = n - FRAGMENT;
                long start = clock.fragmentStart(first * FRAME_TICKS, FRAGMENT * FRAME_TICKS, arrival[n]);
                out.add(new Placed(start, FRAGMENT * 40L, capture[first], arrival[first], arrival[n]));
            }
        }
        return out;
    }

    /** What holds for every session, whatever the camera does. */
    static void assertInvariants(List<Placed> placed) {
        for (int i = 0; i < placed.size(); i++) {
            Placed p = placed.get(i);
            assertTrue(p.start() >= T0, "nothing before the connection was made");
            assertTrue(p.start() + p.durationMillis() <= p.endArrival(),
                    "fragment " + i + " ends after what followed it arrived: " + (p.start() + p.durationMillis() - p.endArrival()));
            if (i > 0) {
                assertTrue(p.start() > placed.get(i - 1).start(), "starts increase");
            }
        }
    }

    @Test
    void theLeastDelayedPictureSetsTheAnchorNotTheFirst() {
        // The first second arrives in a burst 600 ms late (a camera flushing its buffer at connect).
        List<Placed> placed = run(25 * 60, 0, n -> n < 25 ? 600 - n * 24L : 0, 1);
        assertInvariants(placed);
        Placed first = placed.get(0);
        assertTrue(first.start() >= first.trueCapture() && first.start() <= first.firstArrival() - 400,
                "the burst's 600 ms did not set the anchor: " + first);
        for (Placed p : placed.subList(1, placed.size())) {
            long error = p.start() - p.trueCapture();
            assertTrue(error >= 0 && error <= MIN_DELAY + 10, "start " + error + " ms after the true capture: " + p);
        }
    }

    @Test
    void jitterDoesNotJitterTheIndex() {
        List<Placed> placed = run(25 * 120, 0, n -> 0, 2);
        assertInvariants(placed);
        for (int i = 1; i < placed.size(); i++) {
            long step = placed.get(i).start() - placed.get(i - 1).start();
            assertTrue(Math.abs(step - 1000) <= 2, "a second of media is a second of wall time: " + step);
        }
    }

    @Test
    void aSlowCameraClockIsFollowedWithinTheSlewBound() {
        // 300 ppm slow: over an hour the camera's media time falls 1.08 s behind the truth.
        List<Placed> placed = run(25 * 3600, -300, n -> 0, 3);
        assertInvariants(placed);
        for (int i = 1; i < placed.size(); i++) {
            long step = placed.get(i).start() - placed.get(i - 1).start();
            assertTrue(step >= 1000 && step <= 1002, "at most 500 ppm of correction per fragment: " + step);
        }
        Placed last = placed.get(placed.size() - 1);
        long error = last.start() - last.trueCapture();
        assertTrue(error >= 0 && error <= MIN_DELAY + 40, "still close to the truth after an hour: " + error + " ms");
    }

    @Test
    void aFastCameraClockIsFollowedAndNeverClaimsTheFuture() {
        List<Placed> placed = run(25 * 3600, 300, n -> 0, 4);
        assertInvariants(placed);
        Placed last = placed.get(placed.size() - 1);
        long error = last.start() - last.trueCapture();
        assertTrue(error >= 0 && error <= MIN_DELAY + 10, "after an hour " + error + " ms");
        for (Placed p : placed) {
            assertTrue(p.start() <= p.firstArrival(), "a picture is never placed after it arrived");
        }
    }

    @Test
    void driftBeyondTheBoundIsCorrectedAtMost500ppm() {
        List<Placed> placed = run(25 * 600, -2000, n -> 0, 5);
        assertInvariants(placed);
        long corrected = 0;
        for (int i = 1; i < placed.size(); i++) {
            long step = placed.get(i).start() - placed.get(i - 1).start();
            assertTrue(step <= 1001, "never more than 500 ppm (+1 ms rounding): " + step);
            corrected += step - 1000;
        }
        assertTrue(corrected > 250, "it does correct, " + corrected + " ms in 10 min");
    }

    @Test
    void aProcessingStallNeitherMovesTimeNorLeavesAGap() {
        // From 60 s to 65 s nothing is read, then the backlog comes in a burst (a starved worker, a full socket).
        List<Placed> placed = run(25 * 120, 0, n -> n >= 1500 && n < 1625 ? (1625 - n) * 40L : 0, 6);
        assertInvariants(placed);
        for (int i = 1; i < placed.size(); i++) {
            long step = placed.get(i).start() - placed.get(i - 1).start();
            assertTrue(Math.abs(step - 1000) <= 2, "fragment " + i + ": the stall shows in no time: " + step);
        }
    }

    @Test
    void aLongerDelayForMinutesIsFollowedSlowlyAndDroppedAtOnce() {
        // 3 minutes of 800 ms extra delay (a pipeline that fell behind), then back to normal.
        List<Placed> placed = run(25 * 300, 0, n -> n >= 1500 && n < 6000 ? 800 : 0, 7);
        assertInvariants(placed);
        long before = placed.get(50).start() - placed.get(50).trueCapture();
        long during = placed.get(230).start() - placed.get(230).trueCapture();
        long after = placed.get(290).start() - placed.get(290).trueCapture();
        assertTrue(during - before <= 100, "followed at most 500 ppm: " + before + " → " + during);
        assertTrue(Math.abs(after - before) <= 10, "back where it belongs: " + before + " → " + after);
    }

    @Test
    void footageBufferedBeforeTheConnectionIsPlacedAfterIt() {
        SessionClock clock = new SessionClock(T0);
        // Two seconds of pictures, all arriving 10 ms after the connection was made.
        for (int n = 0; n < 50; n++) {
            clock.sample(n * FRAME_TICKS, T0 + 10);
        }
        long first = clock.fragmentStart(0, FRAGMENT * FRAME_TICKS, T0 + 10);
        long second = clock.fragmentStart(FRAGMENT * FRAME_TICKS, FRAGMENT * FRAME_TICKS, T0 + 11);
        assertEquals(T0, first, "not before the connection existed");
        assertTrue(second > first);
        assertTrue(clock.clamps() >= 1, "and it is counted");
    }
}
