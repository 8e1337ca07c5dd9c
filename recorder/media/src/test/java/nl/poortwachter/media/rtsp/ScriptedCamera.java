package nl.poortwachter.media.rtsp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A camera on a loopback port that answers the next connection with a script: it sends the script's bytes
 * at once, ends its side, and records what the client sent until the client closes. For the fuzz target of
 * the RTSP client: the bytes are the fuzzer's, the requests are what the client made of them.
 */
final class ScriptedCamera {
    private final ServerSocket server;
    private final LinkedBlockingQueue<Script> scripts = new LinkedBlockingQueue<>();

    /** One connection's camera bytes, and the client's bytes once it closed. */
    record Script(byte[] cameraBytes, CompletableFuture<byte[]> clientBytes) {
    }

    private ScriptedCamera() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "scripted-camera");
        t.setDaemon(true);
        t.start();
    }

    static ScriptedCamera start() {
        try {
            return new ScriptedCamera();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** The script for the next connection; one left over by a client that never connected is dropped. */
    Script next(byte[] cameraBytes) {
        scripts.clear();
        Script s = new Script(cameraBytes, new CompletableFuture<>());
        scripts.add(s);
        return s;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                Script script = scripts.take();
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                try {
                    s.setSoTimeout(30_000);
                    s.getOutputStream().write(script.cameraBytes());
                    s.shutdownOutput();
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[4096];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        received.write(buf, 0, n);
                    }
                } catch (IOException e) {
                    // The client closed with our bytes unread (a reset): what it sent so far still counts.
                }
                script.clientBytes().complete(received.toByteArray());
            } catch (IOException e) {
                // accept failed: try again
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
