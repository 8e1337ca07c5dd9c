package nl.poortwachter.gateway.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The command word wherever a flag may stand; a flag's value that happens to read "check" is a value. */
class CheckCommandTest {

    @Test
    void theWordIsFoundBeforeBetweenAndAfterFlags() {
        assertTrue(CheckCommand.named(new String[] {"check", "--config", "g.yaml"}));
        assertTrue(CheckCommand.named(new String[] {"--config", "config/gateway.yaml", "check"}));
        assertTrue(CheckCommand.named(new String[] {"--config=g.yaml", "check", "--storage", "/srv"}));
        assertArrayEquals(new String[] {"--config", "config/gateway.yaml", "--storage", "/srv"},
                CheckCommand.without(new String[] {"--config", "config/gateway.yaml", "check", "--storage", "/srv"}));
    }

    @Test
    void aValueNamedCheckIsNotTheCommand() {
        assertFalse(CheckCommand.named(new String[] {"--config", "check"}));
        assertFalse(CheckCommand.named(new String[] {"--storage", "check", "--port", "8080"}));
        assertFalse(CheckCommand.named(new String[] {}));
    }
}
