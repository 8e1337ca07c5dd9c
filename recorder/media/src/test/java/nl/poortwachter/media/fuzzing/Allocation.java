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
     * While fuzzing, Jazzer's guidance hooks allocate on the parser's thread (they copy every string it compares
     * and trace every regex step: measured up to 67 KiB per input byte in RtspAuth's regex), so the count says
     * more about Jazzer than about the parser and is not checked. Regression runs go without those hooks
     * (src/test/resources/junit-platform.properties) and are checked exactly; while fuzzing, the targets check
     * the buffers a length from the input could inflate directly.
     */
    private static final boolean FUZZING = FuzzedForReal.FUZZING;

    /** The code measured; it catches the exceptions its contract allows itself. */
    public interface Body {
        void run() throws Exception;
    }

    private Allocation() {
    }

    /**
     * Runs {@code body} and fails if it allocated more than {@code fixed + perInputByte * inputLength} bytes:
     * the parser's own buffers and a bounded amount per byte it was given. A run that loaded classes (the
     * first through a code path) is not checked: loading them is the JVM's doing, not the parser's; nor is
     * any run while fuzzing (see {@link #FUZZING}).
     */
    public static void atMost(long fixed, int perInputByte, int inputLength, Body body) throws Exception {
        if (FUZZING) {
            body.run();
            return;
        }
        long classes = CLASSES.getTotalLoadedClassCount();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        body.run();
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (CLASSES.getTotalLoadedClassCount() != classes) {
            return;
        }
        long bound = SLACK + fixed + (long) perInputByte * inputLength;
        assertTrue(allocated <= bound, () -> "allocated " + allocated + " bytes for " + inputLength
                + " bytes of input; at most " + bound + " expected");
    }
}
