package nl.poortwachter.gateway.config;

import static nl.poortwachter.gateway.config.SettingsTable.REGISTER_NOT_SEEN_HOURS;
import static nl.poortwachter.gateway.config.SettingsTable.REGISTER_PUBLIC_VENDOR;
import static nl.poortwachter.gateway.config.SettingsTable.REGISTER_RESPONSIBLE_BODY;

import java.time.Duration;
import nl.poortwachter.recorder.settings.Settings;

/**
 * The {@code register:} section: what the public register shows, and when the council overview calls a camera
 * not seen recently.
 *
 * @param responsibleBody the controller (e.g. "Gemeente Utrecht"), or null when not configured
 */
public record RegisterSettings(boolean publicVendor, String responsibleBody, Duration notSeenAfter) {

    /** The table's defaults. */
    public static RegisterSettings defaults() {
        return new RegisterSettings(REGISTER_PUBLIC_VENDOR.defaultValue(), REGISTER_RESPONSIBLE_BODY.defaultValue(),
                Duration.ofHours(REGISTER_NOT_SEEN_HOURS.defaultValue()));
    }

    static RegisterSettings from(Settings s) {
        return new RegisterSettings(s.get(REGISTER_PUBLIC_VENDOR), s.get(REGISTER_RESPONSIBLE_BODY),
                Duration.ofHours(s.get(REGISTER_NOT_SEEN_HOURS)));
    }
}
