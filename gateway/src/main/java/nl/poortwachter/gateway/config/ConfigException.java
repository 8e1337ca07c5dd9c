package nl.poortwachter.gateway.config;

/**
 * A configuration the gateway refuses to start with. The message is complete on its own (file, key, what is
 * wrong) because Main prints it as a single line without a stack trace: the reader is an operator, not a developer.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
