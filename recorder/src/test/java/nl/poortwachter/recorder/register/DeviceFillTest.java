package nl.poortwachter.recorder.register;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.poortwachter.recorder.onvif.ClockReading;
import nl.poortwachter.recorder.onvif.DeviceInformation;
import nl.poortwachter.recorder.onvif.DeviceReport;
import nl.poortwachter.recorder.onvif.MediaProfile;
import nl.poortwachter.recorder.onvif.OnvifProblem;
import org.junit.jupiter.api.Test;

class DeviceFillTest {
    @Test
    void theDeviceFillsItsOwnFieldsAndTheLargestStreamNothingElse() {
        RegisterEntry entry = RegisterEntry.builder().set(RegisterField.KEY, "UT-001").set(RegisterField.LOCATION, "Neude")
                .set(RegisterField.VENDOR, "Hikvision").set(RegisterField.SERIAL_NUMBER, "typed by hand")
                .set(RegisterField.PURPOSE, "openbare orde").build();
        DeviceReport report = new DeviceReport(URI.create("http://10.20.1.15/onvif/device_service"),
                new DeviceInformation("HIKVISION", "DS-2CD2143G2-I", "V5.7.3 build 220112", " ", null),
                new ClockReading(Instant.EPOCH, Duration.ZERO, Duration.ZERO), URI.create("http://10.20.1.15/onvif/Media"), 10, List.of(
                new MediaProfile("p2", "sub", "H264", 640, 360, "rtsp://10.20.1.15/sub", null, null),
                new MediaProfile("p3", "third", "H265", 3840, 2160, null, OnvifProblem.URL_REFUSED, "refused"),
                new MediaProfile("p1", "main", "H264", 1920, 1080, "rtsp://10.20.1.15/main", null, null)));
        RegisterEntry filled = DeviceFill.fill(entry, report);
        assertEquals(entry.toBuilder().set(RegisterField.VENDOR, "HIKVISION").set(RegisterField.MODEL, "DS-2CD2143G2-I")
                .set(RegisterField.FIRMWARE, "V5.7.3 build 220112").set(RegisterField.RTSP_URL, "rtsp://10.20.1.15/main").build(), filled);
    }
}
