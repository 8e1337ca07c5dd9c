package nl.poortwachter.recorder.onvif;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.poortwachter.recorder.camera.InvalidCameraException;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;
import org.w3c.dom.Element;

/**
 * One ONVIF device, reached at its device service: identity, clock, media profiles and stream URIs. Answers are
 * read by local element names, so Hikvision's and Dahua's different prefixes and namespace layouts read the same;
 * both media service versions are spoken (ver10 {@code GetProfiles}/{@code GetStreamUri} and ver20 "Media2").
 * The WS-Security timestamp follows the device's clock (measured on first use), because devices refuse tokens
 * created too far from their own time, and a camera with a wrong clock is exactly one we want to find.
 * Blocking; not for concurrent use.
 */
public final class OnvifDevice {
    static final String DEVICE = "http://www.onvif.org/ver10/device/wsdl";
    static final String MEDIA10 = "http://www.onvif.org/ver10/media/wsdl";
    static final String MEDIA20 = "http://www.onvif.org/ver20/media/wsdl";
    static final String SCHEMA = "http://www.onvif.org/ver10/schema";

    private final OnvifClient client;
    private final URI service;
    private final String username;
    private final String password;
    private ClockReading clock;

    OnvifDevice(OnvifClient client, URI service, String username, String password) {
        this.client = client;
        this.service = service;
        this.username = username;
        this.password = password;
    }

    /** A media service of the device: its address and version (10 or 20). */
    public record MediaService(URI address, int version) {
    }

    /** Identity, clock, media service and every profile with its stream URI, in that order of calls. */
    public DeviceReport inspect() throws OnvifException {
        ClockReading reading = clock();
        DeviceInformation info = information();
        MediaService media = mediaService();
        List<MediaProfile> profiles = new ArrayList<>();
        for (MediaProfile p : profiles(media)) {
            try {
                profiles.add(p.withStream(streamUri(media, p.token())));
            } catch (OnvifException e) {
                if (e.problem() != OnvifProblem.URL_REFUSED && e.problem() != OnvifProblem.BAD_RESPONSE) {
                    throw e;
                }
                profiles.add(p.withStreamProblem(e));
            }
        }
        return new DeviceReport(service, info, reading, media.address(), media.version(), List.copyOf(profiles));
    }

    /** {@code GetSystemDateAndTime}, which ONVIF answers without authentication. */
    public ClockReading clock() throws OnvifException {
        Instant sent = client.clock().instant();
        Element answer = client.call(service, DEVICE + "/GetSystemDateAndTime",
                "<tds:GetSystemDateAndTime xmlns:tds=\"" + DEVICE + "\"/>", null);
        Instant received = client.clock().instant();
        Element utc = SafeXml.find(answer, "UTCDateTime").orElseThrow(() -> bad("GetSystemDateAndTime", "has no UTCDateTime"));
        Instant deviceTime;
        try {
            deviceTime = LocalDateTime.of(number(utc, "Date", "Year"), number(utc, "Date", "Month"), number(utc, "Date", "Day"),
                    number(utc, "Time", "Hour"), number(utc, "Time", "Minute"), number(utc, "Time", "Second")).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw bad("GetSystemDateAndTime", "gives an impossible date or time");
        }
        Duration roundTrip = Duration.between(sent, received);
        Instant middle = sent.plus(roundTrip.dividedBy(2));
        clock = new ClockReading(deviceTime, Duration.between(middle, deviceTime), roundTrip);
        return clock;
    }

    /** {@code GetDeviceInformation}: manufacturer, model, firmware, serial number. */
    public DeviceInformation information() throws OnvifException {
        Element a = client.call(service, DEVICE + "/GetDeviceInformation",
                "<tds:GetDeviceInformation xmlns:tds=\"" + DEVICE + "\"/>", security());
        return new DeviceInformation(field(a, "Manufacturer"), field(a, "Model"), field(a, "FirmwareVersion"),
                field(a, "SerialNumber"), field(a, "HardwareId"));
    }

    /** The media service from {@code GetServices}: ver20 when the device offers it, else ver10. */
    public MediaService mediaService() throws OnvifException {
        Element a = client.call(service, DEVICE + "/GetServices", "<tds:GetServices xmlns:tds=\"" + DEVICE + "\">"
                + "<tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>", security());
        MediaService ver10 = null;
        for (Element s : SafeXml.children(a, "Service")) {
            String ns = SafeXml.text(s, "Namespace").orElse("");
            Optional<String> xaddr = SafeXml.text(s, "XAddr");
            if (xaddr.isEmpty()) {
                continue;
            }
            if (ns.equals(MEDIA20)) {
                return new MediaService(address("GetServices", xaddr.get()), 20);
            }
            if (ns.equals(MEDIA10)) {
                ver10 = new MediaService(address("GetServices", xaddr.get()), 10);
            }
        }
        if (ver10 == null) {
            throw bad("GetServices", "lists no media service (ver10 or ver20): the device offers no video over ONVIF");
        }
        return ver10;
    }

    /** {@code GetProfiles}: each profile's token, name and video encoder (encoding, resolution). */
    public List<MediaProfile> profiles(MediaService media) throws OnvifException {
        String body = media.version() == 20
                ? "<tr2:GetProfiles xmlns:tr2=\"" + MEDIA20 + "\"><tr2:Type>VideoEncoder</tr2:Type></tr2:GetProfiles>"
                : "<trt:GetProfiles xmlns:trt=\"" + MEDIA10 + "\"/>";
        Element a = client.call(media.address(), (media.version() == 20 ? MEDIA20 : MEDIA10) + "/GetProfiles", body, security());
        List<MediaProfile> out = new ArrayList<>();
        for (Element p : SafeXml.children(a, "Profiles")) {
            String token = p.getAttribute("token");
            if (token.isEmpty()) {
                throw bad("GetProfiles", "gives a profile without a token");
            }
            Optional<Element> encoder = SafeXml.find(p, media.version() == 20 ? "VideoEncoder" : "VideoEncoderConfiguration");
            out.add(new MediaProfile(OnvifClient.printable(token), SafeXml.text(p, "Name").map(OnvifClient::printable).orElse(token),
                    encoder.flatMap(e -> SafeXml.text(e, "Encoding")).map(OnvifClient::printable).orElse(null),
                    encoder.map(e -> size(e, "Width")).orElse(0), encoder.map(e -> size(e, "Height")).orElse(0), null, null, null));
        }
        return out;
    }

    /** {@code GetStreamUri} for RTSP over TCP; the URI must pass the camera URL policy (and loses any credentials). */
    public String streamUri(MediaService media, String profileToken) throws OnvifException {
        String token = SafeXml.escape(profileToken);
        String body = media.version() == 20
                ? "<tr2:GetStreamUri xmlns:tr2=\"" + MEDIA20 + "\"><tr2:Protocol>RTSP</tr2:Protocol>"
                        + "<tr2:ProfileToken>" + token + "</tr2:ProfileToken></tr2:GetStreamUri>"
                : "<trt:GetStreamUri xmlns:trt=\"" + MEDIA10 + "\" xmlns:tt=\"" + SCHEMA + "\"><trt:StreamSetup>"
                        + "<tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport>"
                        + "</trt:StreamSetup><trt:ProfileToken>" + token + "</trt:ProfileToken></trt:GetStreamUri>";
        Element a = client.call(media.address(), (media.version() == 20 ? MEDIA20 : MEDIA10) + "/GetStreamUri", body, security());
        String uri = SafeXml.text(a, "Uri").orElseThrow(() -> bad("GetStreamUri", "gives no Uri"));
        try {
            RtspUrlPolicy.CheckedUrl checked = client.urlPolicy().check(uri);
            return checked.url();
        } catch (InvalidCameraException e) {
            throw new OnvifException(OnvifProblem.URL_REFUSED, "the stream URI of profile '" + OnvifClient.printable(profileToken)
                    + "' is refused: " + e.getMessage().substring(e.field().length() + 2));
        }
    }

    private String security() throws OnvifException {
        if (username == null || username.isEmpty()) {
            return null;
        }
        if (clock == null) {
            clock();
        }
        return UsernameToken.header(username, password == null ? "" : password, client.clock().instant().plus(clock.offset()));
    }

    private URI address(String operation, String xaddr) throws OnvifException {
        try {
            return new URI(xaddr);
        } catch (URISyntaxException e) {
            throw bad(operation, "gives a service address that is not a URL");
        }
    }

    private static String field(Element answer, String name) {
        return SafeXml.text(answer, name).map(OnvifClient::printable).orElse(null);
    }

    private static int number(Element root, String... path) throws OnvifException {
        String text = SafeXml.text(root, path).orElseThrow(() -> bad("GetSystemDateAndTime", "lacks " + String.join("/", path)));
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw bad("GetSystemDateAndTime", "gives " + String.join("/", path) + " that is not a number");
        }
    }

    private static int size(Element encoder, String dimension) {
        try {
            return SafeXml.text(encoder, "Resolution", dimension).map(Integer::parseInt).orElse(0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static OnvifException bad(String operation, String what) {
        return new OnvifException(OnvifProblem.BAD_RESPONSE, "the device's answer to " + operation + " " + what);
    }
}
