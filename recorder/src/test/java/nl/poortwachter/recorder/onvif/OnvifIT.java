package nl.poortwachter.recorder.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.poortwachter.recorder.camera.AddressPolicy;
import nl.poortwachter.recorder.camera.Cidr;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.Ffprobe;
import nl.poortwachter.recorder.testing.OnvifSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ONVIF client and discovery against real simulator processes: two devices answering like Hikvision and Dahua
 * firmware on their own loopback addresses, with stream URIs into the RTSP simulator.
 */
class OnvifIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static CameraSimulator rtsp;
    private static String subnet;
    private static OnvifSimulator hikvision;
    private static OnvifSimulator dahua;
    private static CameraNetworks networks;
    private static OnvifClient client;

    @BeforeAll
    static void start() throws Exception {
        rtsp = CameraSimulator.start();
        subnet = OnvifSimulator.randomSubnet();
        hikvision = OnvifSimulator.start(subnet, 11, "hikvision", rtsp);
        dahua = OnvifSimulator.start(subnet, 21, "dahua", rtsp);
        // The devices' subnet, and the RTSP simulator's address their stream URIs point at.
        networks = new CameraNetworks(List.of(Cidr.parse(subnet + ".0/24"), Cidr.parse("127.0.0.1/32")));
        client = new OnvifClient(networks, new RtspUrlPolicy(networks.networks()), TIMEOUT, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {hikvision, dahua, rtsp}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static DiscoverySettings sweep(String range) {
        return new DiscoverySettings(false, null, List.of(AddressRange.parse(range)), Duration.ofMillis(1500),
                DiscoverySettings.WS_DISCOVERY_PORT);
    }

    private static Optional<DiscoveredDevice> found(DiscoveryResult result, OnvifSimulator device) {
        return result.devices().stream().filter(d -> device.endpoint().equals(d.endpoint())).findFirst();
    }

    @Test
    void aSweepOfTheCameraNetworkFindsBothDevices() throws Exception {
        DiscoveryResult result = new WsDiscovery(networks).discover(sweep(subnet + ".0/24"));
        assertEquals(254, result.probesSent());
        DiscoveredDevice hik = found(result, hikvision).orElseThrow(() -> new AssertionError("Hikvision not found: " + result));
        DiscoveredDevice dh = found(result, dahua).orElseThrow(() -> new AssertionError("Dahua not found: " + result));
        assertEquals(List.of(hikvision.deviceService()), hik.xaddrs());
        assertEquals(List.of(dahua.deviceService()), dh.xaddrs());
        assertEquals(InetAddress.getByName(hikvision.address()), hik.from());
        assertEquals(Optional.of("HIKVISION DS-2CD2143G2-I"), hik.name());
        assertEquals(Optional.of("IPC-HDW3441T-ZAS"), dh.hardware());
        assertTrue(dh.types().stream().anyMatch(t -> t.endsWith(":NetworkVideoTransmitter")), dh.types()::toString);
        assertEquals(List.of(), result.ignored());
    }

    @Test
    void aMulticastProbeFindsADeviceOnTheSegment() throws Exception {
        try (OnvifSimulator listening = OnvifSimulator.start(subnet, 31, "hikvision", rtsp, "--multicast")) {
            DiscoveryResult result = new WsDiscovery(networks).discover(new DiscoverySettings(true, "lo", List.of(),
                    Duration.ofMillis(1500), DiscoverySettings.WS_DISCOVERY_PORT));
            assertEquals(1, result.probesSent());
            assertEquals(List.of(listening.deviceService()), found(result, listening).orElseThrow(
                    () -> new AssertionError("not found by multicast: " + result)).xaddrs());
            assertTrue(found(result, hikvision).isEmpty(), "a device that has not joined the group does not hear multicast");
        }
    }

    @Test
    void anAnswerThatPointsOutsideTheCameraNetworksIsIgnoredAndReported() throws Exception {
        try (OnvifSimulator elsewhere = OnvifSimulator.start(subnet, 41, "dahua", rtsp, "--xaddr-host", "192.0.2.44")) {
            DiscoveryResult result = new WsDiscovery(networks).discover(sweep(subnet + ".0/24"));
            assertTrue(found(result, elsewhere).isEmpty(), "followed an address outside the camera networks: " + result);
            assertTrue(found(result, dahua).isPresent(), () -> "the others are still found: " + result);
            DiscoveryResult.IgnoredAnswer ignored = result.ignored().stream()
                    .filter(i -> elsewhere.endpoint().equals(i.endpoint())).findFirst().orElseThrow(() -> new AssertionError(result.toString()));
            assertEquals(InetAddress.getByName(elsewhere.address()), ignored.from());
            assertEquals("its device addresses are not followed: http://192.0.2.44:" + elsewhere.httpPort() + "/onvif/device_service"
                    + " is outside the allowed camera networks [" + subnet + ".0/24, 127.0.0.1/32]", ignored.reason());
        }
    }

    /**
     * Networks that hold every address do not open the special ones: an answer pointing at the link-local metadata
     * address is ignored with the policy's reason (loopback, where the simulators run, allowed by name).
     */
    @Test
    void anAnswerPointingAtASpecialAddressIsIgnoredInsideTheNetworks() throws Exception {
        try (OnvifSimulator metadata = OnvifSimulator.start(subnet, 51, "hikvision", rtsp, "--xaddr-host", "169.254.169.254")) {
            CameraNetworks everywhere = new CameraNetworks(new AddressPolicy(List.of(Cidr.parse("0.0.0.0/0")),
                    Set.of(AddressPolicy.Kind.LOOPBACK)));
            DiscoveryResult result = new WsDiscovery(everywhere).discover(sweep(subnet + ".0/24"));
            assertTrue(found(result, metadata).isEmpty(), "followed a link-local address: " + result);
            assertTrue(found(result, hikvision).isPresent(), () -> "the others are still found: " + result);
            DiscoveryResult.IgnoredAnswer ignored = result.ignored().stream()
                    .filter(i -> metadata.endpoint().equals(i.endpoint())).findFirst().orElseThrow(() -> new AssertionError(result.toString()));
            assertEquals("its device addresses are not followed: http://169.254.169.254:" + metadata.httpPort()
                    + "/onvif/device_service is a link-local address, which is no camera's (allow it with"
                    + " cameraSpecialAddresses: [link-local])", ignored.reason());
        }
    }

    @Test
    void anAnswerFromOutsideTheCameraNetworksIsIgnored() throws Exception {
        // The device's own address is left out of the networks; the multicast probe still reaches it.
        try (OnvifSimulator outsider = OnvifSimulator.start(subnet, 200, "hikvision", rtsp, "--multicast")) {
            CameraNetworks lowerHalf = new CameraNetworks(List.of(Cidr.parse(subnet + ".0/25")));
            DiscoveryResult result = new WsDiscovery(lowerHalf).discover(new DiscoverySettings(true, "lo", List.of(),
                    Duration.ofMillis(1500), DiscoverySettings.WS_DISCOVERY_PORT));
            assertTrue(found(result, outsider).isEmpty(), result::toString);
            DiscoveryResult.IgnoredAnswer ignored = result.ignored().stream()
                    .filter(i -> outsider.endpoint().equals(i.endpoint())).findFirst().orElseThrow(() -> new AssertionError(result.toString()));
            assertEquals("the answer comes from " + outsider.address() + ", which is outside the allowed camera networks ["
                    + subnet + ".0/25]",
                    ignored.reason());
        }
    }

    @Test
    void discoveryNeverSendsOutsideTheCameraNetworks() {
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> new WsDiscovery(networks).discover(sweep("10.1.2.0/24")));
        assertEquals("sweep range 10.1.2.0/24 is refused: 10.1.2.1 is outside the allowed camera networks [" + subnet
                + ".0/24, 127.0.0.1/32]",
                outside.getMessage());
        assertEquals("discovery needs cameraNetworks to be configured: it never looks outside them",
                assertThrows(IllegalArgumentException.class, () -> new WsDiscovery(new CameraNetworks(List.of()))
                        .discover(sweep(subnet + ".0/24"))).getMessage());
    }

    @Test
    void hikvisionIdentityProfilesAndStreamsOverMediaVer10() throws Exception {
        DeviceReport r = client.device(hikvision.deviceService(), OnvifSimulator.USER, OnvifSimulator.PASSWORD).inspect();
        assertEquals(new DeviceInformation("HIKVISION", "DS-2CD2143G2-I", "V5.7.3 build 220112",
                "DS-2CD2143G2-I20220315AAWRJ12345678", "88"), r.information());
        assertEquals(10, r.mediaVersion());
        assertEquals(URI.create("http://" + hikvision.address() + ":" + hikvision.httpPort() + "/onvif/Media"), r.mediaService());
        assertEquals(List.of(
                new MediaProfile("Profile_1", "mainStream", "H264", 1920, 1080,
                        rtsp.url("/Streaming/Channels/101?transportmode=unicast&profile=Profile_1"), null, null),
                new MediaProfile("Profile_2", "subStream", "H264", 640, 360, rtsp.url("/small"), null, null)), r.profiles());
    }

    @Test
    void dahuaIdentityProfilesAndStreamsOverMedia2AndOverVer10() throws Exception {
        DeviceReport r = client.device(dahua.deviceService(), OnvifSimulator.USER, OnvifSimulator.PASSWORD).inspect();
        assertEquals(new DeviceInformation("Dahua", "IPC-HDW3441T-ZAS", "2.840.0000000.14.R, Build Date 2022-03-10",
                "7E0A1B2PAZ12345", "1.00"), r.information());
        assertEquals(20, r.mediaVersion(), "Media2 is preferred when offered");
        assertEquals(URI.create("http://" + dahua.address() + ":" + dahua.httpPort() + "/onvif/media2_service"), r.mediaService());
        List<MediaProfile> expected = List.of(
                new MediaProfile("MediaProfile00", "MainStream", "H264", 1920, 1080, rtsp.url(CameraSimulator.DAHUA), null, null),
                new MediaProfile("MediaProfile01", "SubStream", "H264", 640, 360, rtsp.url("/small"), null, null));
        assertEquals(expected, r.profiles());

        try (OnvifSimulator older = OnvifSimulator.start(subnet, 51, "dahua", rtsp, "--media", "ver10")) {
            DeviceReport v10 = client.device(older.deviceService(), OnvifSimulator.USER, OnvifSimulator.PASSWORD).inspect();
            assertEquals(10, v10.mediaVersion());
            assertEquals(URI.create("http://" + older.address() + ":" + older.httpPort() + "/onvif/media_service"), v10.mediaService());
            assertEquals(expected, v10.profiles());
        }
    }

    @Test
    void theStreamUrisActuallyPlay() throws Exception {
        List<String> uris = new ArrayList<>();
        uris.add(client.device(hikvision.deviceService(), OnvifSimulator.USER, OnvifSimulator.PASSWORD).inspect().profiles().get(0).streamUri());
        uris.add(client.device(dahua.deviceService(), OnvifSimulator.USER, OnvifSimulator.PASSWORD).inspect().profiles().get(0).streamUri());
        for (String uri : uris) {
            String json = Ffprobe.run(List.of(Ffprobe.ffprobePath(), "-v", "error", "-rtsp_transport", "tcp", "-select_streams", "v:0",
                    "-show_entries", "stream=codec_name,width,height", "-of", "json", uri));
            JsonNode stream = new ObjectMapper().readTree(json).path("streams").path(0);
            assertEquals("h264", stream.path("codec_name").asText(), uri + ": " + json);
            assertEquals(1920, stream.path("width").asInt(), uri);
            assertEquals(1080, stream.path("height").asInt(), uri);
        }
    }

    @Test
    void aWrongPasswordIsAClearAuthenticationProblemForBothFirmwares() {
        for (OnvifSimulator device : List.of(hikvision, dahua)) {
            OnvifException e = assertThrows(OnvifException.class,
                    () -> client.device(device.deviceService(), OnvifSimulator.USER, "Verkeerd-wachtwoord-1").inspect());
            assertEquals(OnvifProblem.AUTH_FAILED, e.problem(), e::getMessage);
            assertEquals("authentication failed (check the ONVIF username and password)", e.getMessage());
            assertEquals(OnvifProblem.AUTH_FAILED, assertThrows(OnvifException.class,
                    () -> client.device(device.deviceService(), "operator", OnvifSimulator.PASSWORD).information()).problem());
        }
    }

    @Test
    void theClockOffsetIsReportedAndTheTokenFollowsTheDevicesClock() throws Exception {
        for (int offset : new int[] {3600, -7200}) {
            try (OnvifSimulator skewed = OnvifSimulator.start(subnet, 61, "dahua", rtsp, "--clock-offset", Integer.toString(offset))) {
                // The device refuses tokens created more than 5 minutes from its clock: inspecting works only because
                // the token's time is shifted by the measured offset.
                DeviceReport r = client.device(skewed.deviceService(), OnvifSimulator.USER, OnvifSimulator.PASSWORD).inspect();
                long measured = r.clock().offset().toMillis();
                assertTrue(Math.abs(measured - offset * 1000L) <= 1500, "offset " + measured + " ms, device set to " + offset + " s");
                assertEquals("Dahua", r.information().manufacturer());
            }
        }
        ClockReading inSync = client.device(hikvision.deviceService(), null, null).clock();
        assertTrue(Math.abs(inSync.offset().toMillis()) <= 1500, inSync::toString);
    }

    @Test
    void aStreamUriOutsideTheCameraNetworksIsRefusedByTheUrlPolicy() throws Exception {
        CameraNetworks devicesOnly = new CameraNetworks(List.of(Cidr.parse(subnet + ".0/24")));
        OnvifClient strict = new OnvifClient(devicesOnly, new RtspUrlPolicy(devicesOnly.networks()), TIMEOUT, Clock.systemUTC());
        DeviceReport r = strict.device(hikvision.deviceService(), OnvifSimulator.USER, OnvifSimulator.PASSWORD).inspect();
        assertEquals(2, r.profiles().size());
        for (MediaProfile p : r.profiles()) {
            assertNull(p.streamUri());
            assertEquals(OnvifProblem.URL_REFUSED, p.streamProblem());
            assertEquals("the stream URI of profile '" + p.token() + "' is refused: host '127.0.0.1' (127.0.0.1) is outside the"
                    + " allowed camera networks [" + subnet + ".0/24]", p.streamMessage());
        }
        // Inside networks that hold every address, a loopback stream is still refused unless loopback is allowed.
        OnvifClient noLoopbackStreams = new OnvifClient(networks, new RtspUrlPolicy(List.of(Cidr.parse("0.0.0.0/0"))),
                TIMEOUT, Clock.systemUTC());
        MediaProfile first = noLoopbackStreams.device(hikvision.deviceService(), OnvifSimulator.USER, OnvifSimulator.PASSWORD)
                .inspect().profiles().get(0);
        assertNull(first.streamUri());
        assertEquals("the stream URI of profile '" + first.token() + "' is refused: host '127.0.0.1' (127.0.0.1) is a loopback"
                + " address, which is no camera's (allow it with cameraSpecialAddresses: [loopback])", first.streamMessage());
    }

    @Test
    void unreachableSilentAndOutsideDevicesAreClearProblems() throws Exception {
        OnvifException outside = assertThrows(OnvifException.class, () -> client.device(
                URI.create("http://192.0.2.1/onvif/device_service"), OnvifSimulator.USER, OnvifSimulator.PASSWORD).inspect());
        assertEquals(OnvifProblem.OUTSIDE_NETWORKS, outside.problem());
        assertEquals("host '192.0.2.1' (192.0.2.1) is outside the allowed camera networks [" + subnet + ".0/24, 127.0.0.1/32]",
                outside.getMessage());

        int closedPort = CameraSimulator.freePort();
        OnvifException refused = assertThrows(OnvifException.class, () -> client.device(
                URI.create("http://127.0.0.1:" + closedPort + "/onvif/device_service"), null, null).clock());
        assertEquals(OnvifProblem.UNREACHABLE, refused.problem(), refused::getMessage);
        assertEquals("cannot connect to 127.0.0.1:" + closedPort + " (nothing listens there, or no route)", refused.getMessage());

        // Accepts connections and never answers, as a hung web server does.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException ended) {
                    // closed
                }
            });
            acceptor.start();
            long t0 = System.nanoTime();
            OnvifException timeout = assertThrows(OnvifException.class, () -> client.device(
                    URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/onvif/device_service"), null, null).clock());
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(OnvifProblem.TIMEOUT, timeout.problem(), timeout::getMessage);
            assertEquals("127.0.0.1:" + silent.getLocalPort() + " did not answer GetSystemDateAndTime within 2.0 s", timeout.getMessage());
            assertTrue(tookMs >= 1900 && tookMs < 10_000, "took " + tookMs + " ms");
            silent.close();
            acceptor.join(5000);
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void noPasswordLeavesTheGatewayAndNoneIsInAnyMessage() throws Exception {
        OnvifException e = assertThrows(OnvifException.class,
                () -> client.device(dahua.deviceService(), OnvifSimulator.USER, "Heel-Geheim-99").information());
        assertFalse(e.getMessage().contains("Heel-Geheim-99"));
        assertFalse(String.valueOf(e).contains("Heel-Geheim-99"));
    }
}
