package nl.poortwachter.recorder.register;

import java.util.Comparator;
import nl.poortwachter.recorder.onvif.DeviceInformation;
import nl.poortwachter.recorder.onvif.DeviceReport;
import nl.poortwachter.recorder.onvif.MediaProfile;

/**
 * Fills the register fields an ONVIF device knows about itself: vendor, model, firmware, serial number, and the
 * stream of its largest profile. What people decide (location, purpose, legal basis, …) is never touched, and a
 * field the device leaves empty keeps the register's value.
 */
public final class DeviceFill {
    private DeviceFill() {
    }

    public static RegisterEntry fill(RegisterEntry entry, DeviceReport report) {
        RegisterEntry.Builder b = entry.toBuilder();
        DeviceInformation info = report.information();
        setIfGiven(b, RegisterField.VENDOR, info.manufacturer());
        setIfGiven(b, RegisterField.MODEL, info.model());
        setIfGiven(b, RegisterField.FIRMWARE, info.firmwareVersion());
        setIfGiven(b, RegisterField.SERIAL_NUMBER, info.serialNumber());
        report.profiles().stream().filter(p -> p.streamUri() != null)
                .max(Comparator.comparingLong((MediaProfile p) -> (long) p.width() * p.height()))
                .ifPresent(p -> b.set(RegisterField.RTSP_URL, p.streamUri()));
        return b.build();
    }

    private static void setIfGiven(RegisterEntry.Builder b, RegisterField field, String value) {
        if (value != null && !value.isBlank()) {
            b.set(field, value.strip());
        }
    }
}
