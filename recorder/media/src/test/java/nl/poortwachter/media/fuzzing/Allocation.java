package nl.poortwachter.media.fuzzing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;

/**
 * Heap bytes a piece of code allocates on the calling thread: fuzz targets use it to prove that a length read
 * from the input never makes a parser allocate more than the input itself allows.
 */
public final class Allocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();
    /** Lazy initialisation inside classes already loaded (caches, a random generator's first seeding). */
    private static final long SLACK = 64 * 1024;
    /**
     * While fuzzing, Jazzer's guidance hooks allocate on the parser's thread: they copy every string it compares
     * and trace every regex step (measured: up to 25 KiB per input byte on a regex-heavy path, where the same
     * input allocates less than the bound without them). Regression runs go without those hooks
     * (src/test/resources/junit-platform.properties) and are checked exactly; while fuzzing this bound only
     * catches gross cases, and the targets check the buffers a length could inflate directly.
     */
    private static final int GUIDANCE_PER_BYTE = System.getenv("JAZZER_FUZZ") == null ? 0 : 64 * 1024;

    /** The code measured; it catches the exceptions its contract allows itself. */
    public interface Body {
        void run() throws Exception;
    }

    private Allocation() {
    }

    /**
     * Runs {@code body} and fails if it allocated more than {@code fixed + perInputByte * inputLength} bytes:
     * the parser's own buffers and a bounded amount per byte it was given. A run that loaded classes (the
     * first through a code path) is not checked: loading them is the JVM's doing, not the parser's.
     */
    public static void atMost(long fixed, int perInputByte, int inputLength, Body body) throws Exception {
        long classes = CLASSES.getTotalLoadedClassCount();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        body.run();
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (CLASSES.getTotalLoadedClassCount() != classes) {
            return;
        }
        long bound = SLACK + fixed + (long) (perInputByte + GUIDANCE_PER_BYTE) * inputLength;
        assertTrue(allocated <= bound, () -> "allocated " + allocated + " bytes for " + inputLength
                + " bytes of input; at most " + bound + " expected");
    }
}
