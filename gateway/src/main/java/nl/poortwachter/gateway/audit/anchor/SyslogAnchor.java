package nl.poortwachter.gateway.audit.anchor;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import nl.poortwachter.gateway.audit.Anchors;
import nl.poortwachter.gateway.audit.Checkpoint;

/**
 * Sends each checkpoint to a syslog collector as one RFC 5424 message, over UDP (one datagram per message, RFC 5426)
 * or TCP (octet-counting framing, RFC 6587 3.4.1, one connection kept open and made again after a failure):
 * {@code <109>1 2026-12-06T10:00:00.123Z host poortwachter 4242 audit-checkpoint - {"seq":...}}. Facility 13 (log
 * audit), severity 5 (notice); the message is the checkpoint as the API gives it, so that whatever the collector
 * writes, the auditor's tools find the JSON object in the line ({@link AnchorCopy}).
 *
 * <p>Neither transport confirms that the collector kept the message (UDP may lose it; TCP syslog has no
 * acknowledgement), which is why checkpoints come often and each vouches for everything before it.
 */
final class SyslogAnchor implements AnchorSink {
    static final int PRI = 13 * 8 + 5;
    static final String APP = "poortwachter";
    static final String MSG_ID = "audit-checkpoint";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;

    private final String host;
    private final int port;
    private final boolean tcp;
    private final String hostname;
    private final long pid;
    private Socket socket;
    private DatagramSocket datagrams;

    /** @param hostname how this gateway names itself in the messages (no spaces; "-" when unknown) */
    SyslogAnchor(String host, int port, boolean tcp, String hostname) {
        this.host = host;
        this.port = port;
        this.tcp = tcp;
        this.hostname = hostname == null || hostname.isBlank() ? "-" : hostname.replaceAll("[^!-~]", "_");
        this.pid = ProcessHandle.current().pid();
    }

    @Override
    public String name() {
        return tcp ? "syslog-tcp" : "syslog-udp";
    }

    static String message(Checkpoint c, String hostname, long pid) {
        return "<" + PRI + ">1 " + TIME.format(Instant.ofEpochMilli(c.timeMillis())) + " " + hostname + " " + APP + " "
                + pid + " " + MSG_ID + " - " + Anchors.line(c);
    }

    @Override
    public void deliver(Checkpoint c) throws IOException {
        byte[] msg = message(c, hostname, pid).getBytes(StandardCharsets.UTF_8);
        try {
            if (tcp) {
                sendTcp(msg);
            } else {
                sendUdp(msg);
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void sendUdp(byte[] msg) throws IOException {
        if (datagrams == null) {
            datagrams = new DatagramSocket();
        }
        // Resolved at every send: the collector's address may change.
        datagrams.send(new DatagramPacket(msg, msg.length, new InetSocketAddress(host, port)));
    }

    private void sendTcp(byte[] msg) throws IOException {
        if (socket != null && peerClosed(socket)) {
            close();
        }
        if (socket == null) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                s.close();
                throw e;
            }
            socket = s;
        }
        OutputStream out = socket.getOutputStream();
        out.write((msg.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.write(msg);
        out.flush();
    }

    /**
     * A collector never sends anything, so a read that ends the stream means it closed the connection (restarted):
     * writing into it would seem to work and lose the message. A read that times out means it is still there.
     */
    private static boolean peerClosed(Socket s) {
        try {
            s.setSoTimeout(1);
            return s.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // the connection is gone either way
        }
        socket = null;
        if (datagrams != null) {
            datagrams.close();
            datagrams = null;
        }
    }
}
