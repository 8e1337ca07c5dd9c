package nl.poortwachter.recorder.testing;

import java.time.Duration;

/**
 * The one way tests wait: poll for the event with a deadline, never a fixed sleep. A fixed sleep is too short on a
 * busy machine (the test fails for nothing) and too long on an idle one (the suite crawls); worse, a check for
 * absence after a sleep passes without checking anything when the thing it looks in was late. Poll for the event,
 * and before an absence check poll for a marker written after the action.
 *
 * <p>Polls start fast (20 ms) and slow down to a quarter second, so a quick event costs little and a slow one does
 * not hammer the thing polled. Shared by every module's tests through the recorder's test jar.
 */
public final class Await {
    private static final long FIRST_PAUSE_MILLIS = 20;
    private static final long LONGEST_PAUSE_MILLIS = 250;

    private Await() {
    }

    /**
     * Something that holds or not yet. An exception it throws (a gateway not listening yet, a file half written) counts
     * as "not yet" and is the cause of the failure if the deadline passes; an assertion error ends the wait at once.
     */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Says what was awaited and, made at the time of failure, what the state was then; may call the thing polled. */
    @FunctionalInterface
    public interface Description {
        String text() throws Exception;
    }

    /** A value that is there or not yet (null); exceptions count as for {@link Condition}. */
    @FunctionalInterface
    public interface Probe<T> {
        T value() throws Exception;
    }

    /** Waits until the condition holds; fails with {@code what} when it does not within the time given. */
    public static void until(Duration within, String what, Condition condition) throws InterruptedException {
        until(within, () -> what, condition);
    }

    /**
     * As {@link #until(Duration, String, Condition)}, with a description made at the time of failure (so it can say
     * what the state was then).
     */
    public static void until(Duration within, Description what, Condition condition) throws InterruptedException {
        value(within, what, () -> condition.holds() ? Boolean.TRUE : null);
    }

    /** Waits until the probe gives a value (not null) and returns it. */
    public static <T> T value(Duration within, String what, Probe<T> probe) throws InterruptedException {
        return value(within, () -> what, probe);
    }

    public static <T> T value(Duration within, Description what, Probe<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        Exception last = null;
        while (true) {
            try {
                T v = probe.value();
                if (v != null) {
                    return v;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not within " + within.toSeconds() + " s: " + describe(what), last);
            }
            Thread.sleep(Math.max(1, Math.min(pause, left / 1_000_000)));
            pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
        }
    }

    private static String describe(Description what) {
        try {
            return what.text();
        } catch (Exception e) {
            return "(the description failed: " + e + ")";
        }
    }
}
