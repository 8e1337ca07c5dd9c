package nl.poortwachter.recorder.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RTSP server small enough to misbehave on purpose (the camera simulator cannot redirect): it answers each
 * request with what {@link Answers} returns, echoing the CSeq. It counts the connections it accepted, so a test
 * can prove that nobody connected.
 */
public final class TinyRtspServer implements AutoCloseable {
    private static final Pattern CSEQ = Pattern.compile("(?im)^CSeq:\\s*(\\d+)");

    /** The answer to one request: status line, headers and body, without CSeq; null closes the connection. */
    @FunctionalInterface
    public interface Answers {
        /** @param connection 1 for the first connection accepted, 2 for the next, … */
        String answer(int connection, String method, String request);
    }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final Answers answers;

    private TinyRtspServer(String address, Answers answers) throws IOException {
        this.server = new ServerSocket();
        this.server.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        this.answers = answers;
        Thread t = new Thread(this::acceptLoop, "tiny-rtsp-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** @param address a loopback address to listen on, e.g. "127.0.0.2" */
    public static TinyRtspServer start(String address, Answers answers) throws IOException {
        return new TinyRtspServer(address, answers);
    }

    public String url(String path) {
        return "rtsp://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort() + path;
    }

    public int connections() {
        return connections.get();
    }

    /** A session description with one H.264 track, as a camera would send it. */
    public static String sdp(String baseUrl) {
        String body = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=tiny\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\n"
                + "a=rtpmap:96 H264/90000\r\na=control:track1\r\n";
        return "RTSP/1.0 200 OK\r\nContent-Base: " + baseUrl + "/\r\nContent-Type: application/sdp\r\nContent-Length: "
                + body.getBytes(StandardCharsets.US_ASCII).length + "\r\n\r\n" + body;
    }

    public static String redirect(String location) {
        return "RTSP/1.0 302 Moved Temporarily\r\nLocation: " + location + "\r\n\r\n";
    }

    public static final String OPTIONS_OK = "RTSP/1.0 200 OK\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n";

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                int n = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, n), "tiny-rtsp-conn-" + n);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int connection) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            while (true) {
                String request = readRequest(in);
                if (request == null) {
                    return;
                }
                String method = request.substring(0, Math.max(0, request.indexOf(' ')));
                String answer = answers.answer(connection, method, request);
                if (answer == null) {
                    return;
                }
                Matcher m = CSEQ.matcher(request);
                String cseq = m.find() ? "CSeq: " + m.group(1) + "\r\n" : "";
                int headEnd = answer.indexOf("\r\n") + 2;
                out.write((answer.substring(0, headEnd) + cseq + answer.substring(headEnd)).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
