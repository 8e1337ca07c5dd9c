package nl.poortwachter.recorder.testing;

/** Waiting for an event by polling with a deadline, never a fixed sleep: the test goes on as soon as it happened. */
public final class Await {
    /** A condition that may need I/O to check. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /** Polls every 20 ms until {@code condition} holds; fails naming {@code what} after {@code millis}. */
    public static void until(String what, long millis, Condition condition) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + millis + " ms waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
