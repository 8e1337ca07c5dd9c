package nl.poortwachter.recorder.settings;

import java.util.HashMap;
import java.util.Map;

/**
 * The values given for settings of the table, checked and converted; anything not given reads as its default.
 * {@link #NONE} therefore is "all defaults", which is how the built-in configuration is made: defaults live in the
 * table rows only.
 */
public final class Settings {
    public static final Settings NONE = new Settings(Map.of());

    private final Map<Setting<?>, Object> given;

    private Settings(Map<Setting<?>, Object> given) {
        this.given = given;
    }

    /** The given value, else the row's default (which may be null: see the row's description). */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return given.containsKey(setting) ? (T) given.get(setting) : setting.defaultValue();
    }

    public boolean isGiven(Setting<?> setting) {
        return given.containsKey(setting);
    }

    /** A copy with {@code value} given for {@code setting} (already checked by {@link Setting#read}). */
    public <T> Settings with(Setting<T> setting, T value) {
        Map<Setting<?>, Object> copy = new HashMap<>(given);
        copy.put(setting, value);
        return new Settings(Map.copyOf(copy));
    }
}
