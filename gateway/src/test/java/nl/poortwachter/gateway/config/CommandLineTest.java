package nl.poortwachter.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    private static CommandLine parse(Map<String, String> env, Map<String, String> props, String... args) {
        return CommandLine.parse(args, env::get, props::get);
    }

    @Test
    void defaults() {
        CommandLine cl = parse(Map.of(), Map.of());
        assertEquals(ConfigLoader.DEFAULT_PATH, cl.configFile());
        assertFalse(cl.configExplicit());
        assertNull(cl.overrides().httpPort());
    }

    @Test
    void flagsInBothForms() {
        CommandLine cl = parse(Map.of(), Map.of(), "--config", "/etc/p.yaml", "--port=0", "--storage", "/tmp/s",
                "--database=/tmp/d.db");
        assertEquals(Path.of("/etc/p.yaml"), cl.configFile());
        assertTrue(cl.configExplicit());
        assertEquals(0, cl.overrides().httpPort());
        assertEquals(Path.of("/tmp/s"), cl.overrides().storageDir());
        assertEquals(Path.of("/tmp/d.db"), cl.overrides().databaseFile());
    }

    @Test
    void portPrecedence() {
        Map<String, String> env = Map.of(CommandLine.PORT_ENV, "9001");
        Map<String, String> props = Map.of(CommandLine.PORT_PROPERTY, "9002");
        assertEquals(9001, parse(env, Map.of()).overrides().httpPort());
        assertEquals(9002, parse(env, props).overrides().httpPort());
        assertEquals(9003, parse(env, props, "--port", "9003").overrides().httpPort());
    }

    @Test
    void errorsAreSingleLineMessages() {
        assertTrue(assertThrows(ConfigException.class, () -> parse(Map.of(), Map.of(), "--prot", "1"))
                .getMessage().contains("unknown argument '--prot'"));
        assertTrue(assertThrows(ConfigException.class, () -> parse(Map.of(), Map.of(), "--port"))
                .getMessage().contains("--port needs a value"));
        assertTrue(assertThrows(ConfigException.class, () -> parse(Map.of(), Map.of(), "--port", "http"))
                .getMessage().contains("not a port number"));
        assertTrue(assertThrows(ConfigException.class,
                () -> parse(Map.of(CommandLine.PORT_ENV, "70000"), Map.of())).getMessage()
                .contains(CommandLine.PORT_ENV));
    }

    @Test
    void help() {
        assertTrue(parse(Map.of(), Map.of(), "--help").help());
    }
}
