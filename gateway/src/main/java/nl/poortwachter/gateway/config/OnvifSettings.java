package nl.poortwachter.gateway.config;

import static nl.poortwachter.gateway.config.SettingsTable.ONVIF_INTERFACE;
import static nl.poortwachter.gateway.config.SettingsTable.ONVIF_LISTEN_MILLIS;
import static nl.poortwachter.gateway.config.SettingsTable.ONVIF_MULTICAST;
import static nl.poortwachter.gateway.config.SettingsTable.ONVIF_SWEEP;
import static nl.poortwachter.gateway.config.SettingsTable.ONVIF_TIMEOUT_SECONDS;

import java.time.Duration;
import java.util.List;
import nl.poortwachter.recorder.onvif.AddressRange;
import nl.poortwachter.recorder.settings.Settings;

/**
 * The {@code onvif:} section: how long a call to a device may take, and how discovery looks for devices (always
 * inside {@code cameraNetworks}, which discovery checks itself).
 *
 * @param iface the multicast probe's network interface, or null for the system's choice
 */
public record OnvifSettings(Duration timeout, boolean multicast, String iface, List<AddressRange> sweep,
                            Duration listen) {

    /** The table's defaults. */
    public static OnvifSettings defaults() {
        return new OnvifSettings(Duration.ofSeconds(ONVIF_TIMEOUT_SECONDS.defaultValue()), ONVIF_MULTICAST.defaultValue(),
                ONVIF_INTERFACE.defaultValue(), ONVIF_SWEEP.defaultValue(), Duration.ofMillis(ONVIF_LISTEN_MILLIS.defaultValue()));
    }

    static OnvifSettings from(Settings s) {
        return new OnvifSettings(Duration.ofSeconds(s.get(ONVIF_TIMEOUT_SECONDS)), s.get(ONVIF_MULTICAST),
                s.get(ONVIF_INTERFACE), s.get(ONVIF_SWEEP), Duration.ofMillis(s.get(ONVIF_LISTEN_MILLIS)));
    }
}
