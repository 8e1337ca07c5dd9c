package nl.poortwachter.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the gateway tells whoever started it: where to go next, by what is true now, never a broken command. */
class StartupHintTest {
    private static final String URL = "http://127.0.0.1:8080";

    @Test
    void firstStartPointsToTheBrowserPage() {
        String hint = StartupHint.of(URL, 0, true);
        assertTrue(hint.contains("open " + URL + "/ in a browser"), hint);
        assertTrue(hint.contains("one-time code"), hint);
    }

    @Test
    void noCamerasPointsToTheCameraPageWithoutAShellCommand() {
        String hint = StartupHint.of(URL, 0, false);
        assertTrue(hint.contains(URL + "/cameras"), hint);
        assertFalse(hint.contains("'") || hint.contains("\"") || hint.contains("curl"), "nothing to paste into a shell: " + hint);
    }

    @Test
    void withCamerasConfiguredThereIsNothingToSay() {
        // After a restart with four cameras added through the API (the file lists none), no "no cameras yet".
        assertNull(StartupHint.of(URL, 4, false));
    }
}
