package nl.poortwachter.recorder.onvif;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * SOAP 1.2 over HTTP to ONVIF devices with the JDK's HTTP client and XML parser, no SOAP framework: ONVIF needs
 * a handful of calls, and a framework would bring code generation and far more to keep patched. Every call is
 * blocking (use a worker thread), goes only to addresses the camera address policy allows, follows no redirects, uses
 * no proxy, and reads at most {@value #MAX_RESPONSE} bytes of an answer. Thread-safe: one client (one HTTP
 * connection pool) serves the whole gateway; each {@link OnvifDevice} it hands out is for one thread.
 */
public final class OnvifClient {
    static final String SOAP_ENV = "http://www.w3.org/2003/05/soap-envelope";
    private static final int MAX_RESPONSE = 1 << 20;

    private final CameraNetworks networks;
    private final RtspUrlPolicy urlPolicy;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    /**
     * @param networks  where devices may be (the camera address policy: networks, special addresses, own ports)
     * @param urlPolicy checks the stream URIs devices return, as any camera URL
     * @param timeout   per call, connecting included
     */
    public OnvifClient(CameraNetworks networks, RtspUrlPolicy urlPolicy, Duration timeout, Clock clock) {
        this.networks = networks;
        this.urlPolicy = urlPolicy;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // cameras' web servers do not speak HTTP/2 or its upgrade
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(timeout)
                .build();
    }

    /** A device at its device service address (an XAddr, e.g. {@code http://10.20.1.15/onvif/device_service}). */
    public OnvifDevice device(URI deviceService, String username, String password) {
        return new OnvifDevice(this, deviceService, username, password);
    }

    RtspUrlPolicy urlPolicy() {
        return urlPolicy;
    }

    Clock clock() {
        return clock;
    }

    CameraNetworks networks() {
        return networks;
    }

    /**
     * Sends one request and returns the first element in the answer's Body.
     *
     * @param security a {@code wsse:Security} header, or null for the calls ONVIF allows before authentication
     */
    Element call(URI service, String action, String body, String security) throws OnvifException {
        String scheme = service.getScheme() == null ? "" : service.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new OnvifException(OnvifProblem.BAD_RESPONSE, "service address " + service + " is not http(s)");
        }
        networks.check(service.getHost(), service.getPort() >= 0 ? service.getPort() : scheme.equals("https") ? 443 : 80);
        String envelope = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope xmlns:s=\"" + SOAP_ENV + "\">"
                + (security == null ? "" : "<s:Header>" + security + "</s:Header>") + "<s:Body>" + body + "</s:Body></s:Envelope>";
        HttpRequest request = HttpRequest.newBuilder(service).timeout(timeout)
                .header("Content-Type", "application/soap+xml; charset=utf-8; action=\"" + action + "\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8)).build();
        String operation = action.substring(action.lastIndexOf('/') + 1);
        HttpResponse<InputStream> response;
        byte[] bytes;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(MAX_RESPONSE + 1);
            }
        } catch (HttpConnectTimeoutException e) {
            throw new OnvifException(OnvifProblem.TIMEOUT, "no connection to " + hostPort(service) + " within " + seconds());
        } catch (HttpTimeoutException e) {
            throw new OnvifException(OnvifProblem.TIMEOUT, hostPort(service) + " did not answer " + operation + " within " + seconds());
        } catch (ConnectException e) {
            throw new OnvifException(OnvifProblem.UNREACHABLE, "cannot connect to " + hostPort(service)
                    + " (nothing listens there, or no route)");
        } catch (IOException e) {
            throw new OnvifException(OnvifProblem.UNREACHABLE, "connection to " + hostPort(service) + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OnvifException(OnvifProblem.TIMEOUT, operation + " was interrupted");
        }
        if (bytes.length > MAX_RESPONSE) {
            throw new OnvifException(OnvifProblem.BAD_RESPONSE, "the answer to " + operation + " is larger than 1 MiB");
        }
        return bodyOf(operation, response.statusCode(), bytes);
    }

    private static Element bodyOf(String operation, int status, byte[] bytes) throws OnvifException {
        Document doc;
        try {
            doc = SafeXml.parse(bytes);
        } catch (IOException e) {
            if (status == 401) {
                throw authFailed();
            }
            throw new OnvifException(OnvifProblem.BAD_RESPONSE, operation + ": HTTP " + status + ", and the answer is "
                    + e.getMessage());
        }
        Element first = SafeXml.find(doc.getDocumentElement(), "Body")
                .flatMap(OnvifClient::firstElement)
                .orElseThrow(() -> new OnvifException(OnvifProblem.BAD_RESPONSE, operation + ": HTTP " + status
                        + ", and the answer has no SOAP Body"));
        if ("Fault".equals(first.getLocalName())) {
            throw fault(operation, status, first);
        }
        if (status == 401) {
            throw authFailed();
        }
        if (status != 200) {
            throw new OnvifException(OnvifProblem.BAD_RESPONSE, operation + ": HTTP " + status);
        }
        return first;
    }

    private static Optional<Element> firstElement(Element parent) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** ONVIF says {@code ter:NotAuthorized}; WS-Security says {@code wsse:FailedAuthentication}; some say 401. */
    private static OnvifException fault(String operation, int status, Element fault) {
        String subcode = SafeXml.find(fault, "Subcode").flatMap(s -> SafeXml.text(s, "Value")).orElse("");
        String code = subcode.substring(subcode.indexOf(':') + 1);
        if (status == 401 || code.equals("NotAuthorized") || code.equals("FailedAuthentication") || code.equals("InvalidSecurity")) {
            return authFailed();
        }
        String reason = SafeXml.text(fault, "Reason", "Text").orElse("no reason given");
        return new OnvifException(OnvifProblem.BAD_RESPONSE, operation + " failed on the device: " + printable(reason)
                + (code.isEmpty() ? "" : " (" + printable(code) + ")"));
    }

    private static OnvifException authFailed() {
        return new OnvifException(OnvifProblem.AUTH_FAILED, "authentication failed (check the ONVIF username and password)");
    }

    /** Device text in a message: printable and short, whatever the device sent. */
    static String printable(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }

    private static String hostPort(URI uri) {
        return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private String seconds() {
        return timeout.toMillis() / 1000.0 + " s";
    }
}
