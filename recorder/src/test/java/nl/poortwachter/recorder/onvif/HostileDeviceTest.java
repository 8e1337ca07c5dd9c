package nl.poortwachter.recorder.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import nl.poortwachter.recorder.camera.Cidr;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device that answers what no camera should: the client must treat camera answers as untrusted input. A real
 * HTTP server on loopback plays the device, each test setting its answer.
 */
class HostileDeviceTest {
    private HttpServer server;
    private final AtomicReference<byte[]> answer = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final AtomicReference<String> location = new AtomicReference<>();
    private OnvifClient client;
    private URI device;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (location.get() != null) {
                exchange.getResponseHeaders().add("Location", location.get());
            }
            byte[] body = answer.get();
            exchange.sendResponseHeaders(status.get(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        CameraNetworks loopback = new CameraNetworks(List.of(Cidr.parse("127.0.0.0/8")));
        client = new OnvifClient(loopback, new RtspUrlPolicy(loopback.networks()), Duration.ofSeconds(5), Clock.systemUTC());
        device = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/onvif/device_service");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OnvifException failure(String xml) {
        answer.set(xml.getBytes(StandardCharsets.UTF_8));
        return assertThrows(OnvifException.class, () -> client.device(device, null, null).information());
    }

    @Test
    void anExternalEntityIsNeverResolved(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "LOCAL-SECRET-4711");
        OnvifException e = failure("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">]>"
                + "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><GetDeviceInformationResponse>"
                + "<Manufacturer>&leak;</Manufacturer></GetDeviceInformationResponse></s:Body></s:Envelope>");
        assertEquals(OnvifProblem.BAD_RESPONSE, e.problem());
        assertTrue(e.getMessage().startsWith("GetDeviceInformation: HTTP 200, and the answer is not well-formed XML (or with a"
                + " DOCTYPE, which is refused)"), e.getMessage());
        assertFalse(e.getMessage().contains("LOCAL-SECRET"));
    }

    @Test
    void entityExpansionIsRefused() {
        OnvifException e = failure("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\">"
                + "<s:Body><r>&c;</r></s:Body></s:Envelope>");
        assertEquals(OnvifProblem.BAD_RESPONSE, e.problem());
    }

    @Test
    void anOversizedAnswerIsRefused() {
        String big = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><r>" + "x".repeat(1 << 20) + "</r></s:Body></s:Envelope>";
        OnvifException e = failure(big);
        assertEquals(OnvifProblem.BAD_RESPONSE, e.problem());
        assertEquals("the answer to GetDeviceInformation is larger than 1 MiB", e.getMessage());
    }

    @Test
    void aRedirectIsNotFollowed() {
        status.set(302);
        location.set("http://192.0.2.1/onvif/device_service");
        OnvifException e = failure("");
        assertEquals(OnvifProblem.BAD_RESPONSE, e.problem());
        assertTrue(e.getMessage().startsWith("GetDeviceInformation: HTTP 302"), e.getMessage());
    }

    @Test
    void aFaultIsReportedWithTheDevicesReasonMadePrintable() {
        status.set(400);
        OnvifException e = failure("<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:ter=\"x\"><env:Body>"
                + "<env:Fault><env:Code><env:Value>env:Receiver</env:Value><env:Subcode><env:Value>ter:ActionNotSupported</env:Value>"
                + "</env:Subcode></env:Code><env:Reason><env:Text xml:lang=\"en\">Not\n supported</env:Text></env:Reason></env:Fault>"
                + "</env:Body></env:Envelope>");
        assertEquals(OnvifProblem.BAD_RESPONSE, e.problem());
        assertEquals("GetDeviceInformation failed on the device: Not  supported (ActionNotSupported)", e.getMessage());
    }

    @Test
    void aStreamUriThatIsNotRtspIsRefused() throws Exception {
        answer.set(("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><GetStreamUriResponse><MediaUri>"
                + "<Uri>file:///etc/passwd</Uri></MediaUri></GetStreamUriResponse></s:Body></s:Envelope>").getBytes(StandardCharsets.UTF_8));
        OnvifDevice d = client.device(device, null, null);
        OnvifException e = assertThrows(OnvifException.class, () -> d.streamUri(new OnvifDevice.MediaService(device, 10), "p1"));
        assertEquals(OnvifProblem.URL_REFUSED, e.problem());
        assertEquals("the stream URI of profile 'p1' is refused: must start with rtsp:// or rtsps:// (got 'file:')", e.getMessage());
    }

    @Test
    void thePasswordDigestIsTheOneOnvifSpecifies() {
        // The example of the ONVIF Application Programmer's Guide (section 6.1.1.3).
        assertEquals("tuOSpGlFlIXsozq4HFNeeGeFLEI=", UsernameToken.digest(java.util.Base64.getDecoder().decode("LKqI6G/AikKCQrN0zqZFlg=="),
                "2010-09-16T07:50:45Z", "userpassword"));
        String header = UsernameToken.header("a<b", "pw", java.time.Instant.parse("2026-12-01T10:00:00.789Z"));
        assertTrue(header.contains("<wsse:Username>a&lt;b</wsse:Username>"), header);
        assertTrue(header.contains("<wsu:Created>2026-12-01T10:00:00Z</wsu:Created>"), header);
        assertFalse(header.contains("pw<"), "the password itself is never sent");
    }
}
