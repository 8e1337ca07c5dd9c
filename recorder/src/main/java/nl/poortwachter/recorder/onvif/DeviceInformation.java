package nl.poortwachter.recorder.onvif;

/** What {@code GetDeviceInformation} says: the register's vendor, model, firmware and serial number. */
public record DeviceInformation(String manufacturer, String model, String firmwareVersion, String serialNumber,
                                String hardwareId) {
}
