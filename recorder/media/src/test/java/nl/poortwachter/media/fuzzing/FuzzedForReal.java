package nl.poortwachter.media.fuzzing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Proof that a fuzzing run fuzzed: on a fuzz test class, fails it after its tests if Jazzer was asked to fuzz
 * (JAZZER_FUZZ) but the target saw fewer than {@link #ENOUGH} different inputs. The seed corpus is a dozen
 * inputs at most, so this catches a fuzz execution that silently ran the seeds only, or a target Jazzer skipped
 * (it fuzzes one per JVM). Each target reports its input through {@link #saw}.
 */
public final class FuzzedForReal implements BeforeAllCallback, AfterAllCallback {
    /** Whether Jazzer fuzzes this JVM; jazzer-junit reads JAZZER_FUZZ the same way (1, true or yes). */
    public static final boolean FUZZING = on(System.getenv("JAZZER_FUZZ")) || on(System.getProperty("JAZZER_FUZZ"));
    /** Far fewer than a few seconds of fuzzing runs even on a loaded machine (hundreds per second measured there). */
    private static final int ENOUGH = 30;
    private static final Set<Integer> SEEN = ConcurrentHashMap.newKeySet();

    /** Called by a target with each input it gets. */
    public static void saw(byte[] input) {
        if (FUZZING && SEEN.size() < ENOUGH) {
            SEEN.add(Arrays.hashCode(input));
        }
    }

    /** Counts for this class only (JUnit runs a JVM's classes one after the other). */
    @Override
    public void beforeAll(ExtensionContext context) {
        SEEN.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (FUZZING) {
            assertTrue(SEEN.size() >= ENOUGH, () -> context.getDisplayName() + " was to be fuzzed but saw only "
                    + SEEN.size() + " different inputs: Jazzer did not fuzz it");
        }
    }

    private static boolean on(String value) {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes"));
    }
}
