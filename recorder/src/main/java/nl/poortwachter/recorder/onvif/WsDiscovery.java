package nl.poortwachter.recorder.onvif;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * WS-Discovery (SOAP over UDP) for ONVIF video devices: one Probe for {@code dn:NetworkVideoTransmitter} by
 * multicast, by a unicast sweep of configured ranges, or both, then listening for ProbeMatches. Confined to the
 * camera networks, under the camera address policy ({@link CameraNetworks}: special addresses and the gateway's own
 * ports too), three times over: a sweep range with an address the policy refuses is refused before anything is
 * sent, an answer from such an address is ignored, and a device address (XAddr) the policy refuses, or given as a
 * host name instead of an address, is dropped; an answer left with none is ignored. Ignored answers are reported, not hidden. Blocking for
 * about the sweep plus {@link DiscoverySettings#listen()}: call it from a worker thread.
 */
public final class WsDiscovery {
    static final String ADDRESSING = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    static final String DISCOVERY = "http://schemas.xmlsoap.org/ws/2005/04/discovery";
    static final String MULTICAST_GROUP = "239.255.255.250";
    private static final int MAX_DATAGRAM = 65_507;
    /** Probes sent per burst of a sweep, and the pause between bursts: about 6,000 per second at most. */
    private static final int BURST = 64;
    private static final long BURST_PAUSE_MS = 10;

    private final CameraNetworks networks;

    public WsDiscovery(CameraNetworks networks) {
        this.networks = networks;
    }

    public DiscoveryResult discover(DiscoverySettings settings) throws IOException {
        if (networks.networks().isEmpty()) {
            throw new IllegalArgumentException("discovery needs cameraNetworks to be configured: it never looks outside them");
        }
        for (AddressRange r : settings.sweep()) {
            String refusal = r.refusal(networks);
            if (refusal != null) {
                throw new IllegalArgumentException("sweep range " + r + " is refused: " + refusal);
            }
        }
        String messageId = "urn:uuid:" + UUID.randomUUID();
        byte[] probe = probe(messageId).getBytes(StandardCharsets.UTF_8);
        int sent = 0;
        try (MulticastSocket socket = new MulticastSocket(new InetSocketAddress(0))) {
            socket.setReceiveBufferSize(1 << 20);
            if (settings.multicast()) {
                socket.setTimeToLive(1); // the local segment only: a router does not pass it on
                if (settings.multicastInterface() != null) {
                    NetworkInterface nif = NetworkInterface.getByName(settings.multicastInterface());
                    if (nif == null) {
                        throw new IllegalArgumentException("no network interface '" + settings.multicastInterface() + "'");
                    }
                    socket.setNetworkInterface(nif);
                }
                socket.send(new DatagramPacket(probe, probe.length, InetAddress.getByName(MULTICAST_GROUP), settings.port()));
                sent++;
            }
            for (AddressRange range : settings.sweep()) {
                for (InetAddress address : range.addresses()) {
                    socket.send(new DatagramPacket(probe, probe.length, address, settings.port()));
                    if (++sent % BURST == 0) {
                        pause();
                    }
                }
            }
            return listen(socket, messageId, settings, sent);
        }
    }

    private DiscoveryResult listen(MulticastSocket socket, String messageId, DiscoverySettings settings, int sent) throws IOException {
        Map<String, DiscoveredDevice> devices = new LinkedHashMap<>();
        List<DiscoveryResult.IgnoredAnswer> ignored = new ArrayList<>();
        long deadline = System.nanoTime() + settings.listen().toNanos();
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            socket.setSoTimeout((int) left);
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                break;
            }
            answer(Arrays.copyOf(packet.getData(), packet.getLength()), packet.getAddress(), messageId, devices, ignored);
        }
        return new DiscoveryResult(List.copyOf(devices.values()), List.copyOf(ignored), sent);
    }

    /** Reads one datagram: answers to other probes are not ours to report; the rest are kept or ignored with a reason. */
    private void answer(byte[] datagram, InetAddress from, String messageId, Map<String, DiscoveredDevice> devices,
                        List<DiscoveryResult.IgnoredAnswer> ignored) {
        Document doc;
        try {
            doc = SafeXml.parse(datagram);
        } catch (IOException e) {
            if (networks.allows(from)) {
                ignored.add(new DiscoveryResult.IgnoredAnswer(from, null, "not a readable WS-Discovery answer"));
            }
            return;
        }
        Element root = doc.getDocumentElement();
        if (!messageId.equals(SafeXml.text(root, "Header", "RelatesTo").orElse(null))) {
            return;
        }
        for (Element match : SafeXml.find(root, "ProbeMatches").map(m -> SafeXml.children(m, "ProbeMatch")).orElse(List.of())) {
            String endpoint = SafeXml.text(match, "EndpointReference", "Address").map(OnvifClient::printable).orElse(null);
            List<String> xaddrs = words(SafeXml.text(match, "XAddrs").orElse(""));
            String fromRefusal = networks.refusal(from, -1);
            if (fromRefusal != null) {
                ignored.add(new DiscoveryResult.IgnoredAnswer(from, endpoint, "the answer comes from " + from.getHostAddress()
                        + ", which " + fromRefusal));
                continue;
            }
            List<URI> inside = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (String x : xaddrs) {
                String why = unfollowed(x);
                if (why == null) {
                    inside.add(URI.create(x));
                } else {
                    refused.add(OnvifClient.printable(x) + " " + why);
                }
            }
            if (inside.isEmpty()) {
                ignored.add(new DiscoveryResult.IgnoredAnswer(from, endpoint, refused.isEmpty() ? "the answer gives no device address"
                        : "its device addresses are not followed: " + String.join("; ", refused)));
                continue;
            }
            String key = endpoint != null ? endpoint : from.getHostAddress();
            DiscoveredDevice known = devices.get(key);
            if (known != null) {
                // The same device answered twice (multicast and sweep): one device, every address it gave.
                inside.addAll(0, known.xaddrs());
                devices.put(key, new DiscoveredDevice(known.endpoint(), known.from(), inside.stream().distinct().toList(),
                        known.types(), known.scopes()));
                continue;
            }
            devices.put(key, new DiscoveredDevice(endpoint, from, List.copyOf(inside),
                    words(SafeXml.text(match, "Types").orElse("")), words(SafeXml.text(match, "Scopes").orElse(""))));
        }
    }

    /** Why an XAddr is not followed, or null when it is http(s) to a numeric address the policy allows at its port. */
    private String unfollowed(String xaddr) {
        URI uri;
        try {
            uri = new URI(xaddr);
        } catch (URISyntaxException e) {
            return "is not a URL";
        }
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            return "is not an http(s) address";
        }
        InetAddress address = CameraNetworks.literal(uri.getHost());
        if (address == null) {
            return "names a host, not an address (names are not looked up)";
        }
        return networks.refusal(address, uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(scheme) ? 443 : 80);
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
    }

    static String probe(String messageId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<s:Envelope xmlns:s=\"" + OnvifClient.SOAP_ENV + "\" xmlns:a=\"" + ADDRESSING + "\" xmlns:d=\"" + DISCOVERY
                + "\" xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\"><s:Header>"
                + "<a:MessageID>" + messageId + "</a:MessageID>"
                + "<a:To s:mustUnderstand=\"1\">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>"
                + "<a:Action s:mustUnderstand=\"1\">" + DISCOVERY + "/Probe</a:Action>"
                + "</s:Header><s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>";
    }

    private static void pause() {
        try {
            Thread.sleep(BURST_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
