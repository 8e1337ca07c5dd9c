package nl.poortwachter.recorder.settings;

/**
 * A setting's value is not allowed. {@code key} names the setting (or a list element, {@code cameraNetworks[2]});
 * the message says what is wrong in words for the operator, without the key, so that the loader can put the file
 * name and the place in the file around it.
 */
public final class SettingException extends IllegalArgumentException {
    private final String key;

    public SettingException(String key, String problem) {
        super(problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
