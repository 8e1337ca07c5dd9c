package nl.poortwachter.gateway.onvif;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.poortwachter.recorder.onvif.ClockReading;
import nl.poortwachter.recorder.onvif.DeviceReport;
import nl.poortwachter.recorder.onvif.DiscoveredDevice;
import nl.poortwachter.recorder.onvif.DiscoveryResult;
import nl.poortwachter.recorder.onvif.MediaProfile;

/** What the ONVIF endpoints answer: discoveries, device reports (never a credential), the clock's offset. */
final class OnvifJson {
    /** A camera whose clock is further off than this stamps visibly wrong times into its own picture and files. */
    static final long CLOCK_WARNING_MILLIS = 2_000;

    private OnvifJson() {
    }

    static Map<String, Object> discovery(DiscoveryResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("probesSent", r.probesSent());
        out.put("devices", r.devices().stream().map(OnvifJson::device).toList());
        out.put("ignored", r.ignored().stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", i.from().getHostAddress());
            m.put("endpoint", i.endpoint());
            m.put("reason", i.reason());
            return m;
        }).toList());
        return out;
    }

    private static Map<String, Object> device(DiscoveredDevice d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("endpoint", d.endpoint());
        m.put("address", d.from().getHostAddress());
        m.put("deviceService", d.xaddrs().get(0).toString());
        m.put("xaddrs", d.xaddrs().stream().map(Object::toString).toList());
        m.put("name", d.name().orElse(null));
        m.put("hardware", d.hardware().orElse(null));
        return m;
    }

    static Map<String, Object> report(DeviceReport r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deviceService", r.deviceService().toString());
        out.put("information", r.information());
        out.put("clock", clock(r.clock()));
        out.put("mediaVersion", r.mediaVersion());
        out.put("profiles", r.profiles().stream().map(OnvifJson::profile).toList());
        return out;
    }

    private static Map<String, Object> profile(MediaProfile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token", p.token());
        m.put("name", p.name());
        m.put("encoding", p.encoding());
        m.put("width", p.width());
        m.put("height", p.height());
        m.put("streamUri", p.streamUri());
        m.put("streamProblem", p.streamProblem() == null ? null : p.streamProblem().code());
        m.put("streamMessage", p.streamMessage());
        return m;
    }

    /** The device's time, its offset from ours in seconds (positive: ahead), and whether that is worth a warning. */
    static Map<String, Object> clock(ClockReading c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deviceTime", c.deviceTime());
        m.put("offsetSeconds", Math.round(c.offset().toMillis() / 100.0) / 10.0);
        m.put("roundTripMillis", c.roundTrip().toMillis());
        m.put("wrong", Math.abs(c.offset().toMillis()) > CLOCK_WARNING_MILLIS);
        return m;
    }
}
