package nl.poortwachter.recorder.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The ONVIF device simulator (src/simulator/onvif_sim.py) as a test fixture: one simulated camera's ONVIF side
 * (SOAP over HTTP and WS-Discovery on UDP 3702) on its own loopback address, with stream URIs into a running
 * {@link CameraSimulator}. Every 127.x.y.z is loopback on Linux, so each device gets its own address and the
 * standard discovery port; a test run picks a random 127.a.b.0/24 ({@link #randomSubnet()}) so that runs in
 * parallel do not meet.
 */
public final class OnvifSimulator implements AutoCloseable {
    public static final String USER = "onvif";
    public static final String PASSWORD = "Onvif!Geheim-7";

    private final Process process;
    private final String address;
    private final int httpPort;
    private final String uuid;
    private final StringBuffer stderr;

    private OnvifSimulator(Process process, String address, int httpPort, String uuid, StringBuffer stderr) {
        this.process = process;
        this.address = address;
        this.httpPort = httpPort;
        this.uuid = uuid;
        this.stderr = stderr;
    }

    /** A random 127.a.b (a in 16..250) for one test class's devices: address {@code subnet + "." + host}. */
    public static String randomSubnet() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + r.nextInt(16, 251) + "." + r.nextInt(1, 255);
    }

    /**
     * Starts a device in {@code subnet} at host number {@code host}, or the next free one if another process holds
     * that address's discovery port.
     *
     * @param personality {@code hikvision} or {@code dahua}
     * @param extraArgs   e.g. {@code --clock-offset 3600}, {@code --xaddr-host 192.0.2.44}, {@code --media ver10}
     */
    public static OnvifSimulator start(String subnet, int host, String personality, CameraSimulator rtsp, String... extraArgs)
            throws IOException, InterruptedException {
        IOException last = null;
        for (int h = host; h < Math.min(host + 5, 255); h++) {
            try {
                return launch(subnet + "." + h, personality, rtsp.port(), List.of(extraArgs));
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static OnvifSimulator launch(String address, String personality, int rtspPort, List<String> extraArgs)
            throws IOException, InterruptedException {
        String uuid = java.util.UUID.randomUUID().toString();
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", ProjectFiles.root().resolve("src/simulator/onvif_sim.py").toString(),
                "--address", address, "--personality", personality, "--rtsp-port", Integer.toString(rtspPort),
                "--user", USER, "--uuid", uuid));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (!extraArgs.contains("--password")) {
            pb.environment().put("ONVIF_SIM_PASSWORD", PASSWORD); // not on the command line, which ps shows to all
        }
        Process p = pb.start();
        StringBuffer stderr = new StringBuffer();
        Thread errors = new Thread(() -> drain(new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8)), stderr));
        errors.setDaemon(true);
        errors.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine(); // the simulator prints READY or exits (code 2) within a second
        if (ready == null || !ready.startsWith("READY http=")) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            errors.join(2000);
            throw new IOException("ONVIF simulator on " + address + " did not start (exit "
                    + (p.isAlive() ? "?" : p.exitValue()) + "): " + stderr);
        }
        int port = Integer.parseInt(ready.substring("READY http=".length()).split(" ")[0]);
        return new OnvifSimulator(p, address, port, uuid, stderr);
    }

    private static void drain(BufferedReader r, StringBuffer into) {
        try (r) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                into.append(line).append('\n');
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    public String address() {
        return address;
    }

    /** The device service, as a discovery answer names it. */
    public URI deviceService() {
        return URI.create("http://" + address + ":" + httpPort + "/onvif/device_service");
    }

    public int httpPort() {
        return httpPort;
    }

    /** The endpoint reference address its discovery answers carry. */
    public String endpoint() {
        return "urn:uuid:" + uuid;
    }

    public String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
