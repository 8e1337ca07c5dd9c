package nl.poortwachter.recorder.ingest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.util.function.Predicate;

/**
 * When a camera's next session starts (docs/decisions.md D41). A session that streamed for a while and then
 * ended is reconnected at once. A camera that could not be reached at all is watched: every
 * {@value #WATCH_MILLIS} ms a plain TCP connect to its RTSP port, and the next session starts as soon as one
 * succeeds instead of when the exponential delay runs out, so a camera that returns records within seconds. A
 * camera that accepts the connection and then fails (wrong password, no such stream, a crash after a moment)
 * waits out the exponential delay: watching it would hammer it.
 */
final class Reconnect {
    static final long WATCH_MILLIS = 250;
    /** A session that delivered pictures for this long counts as healthy: the backoff starts over. */
    static final long HEALTHY_MILLIS = 10_000;

    /** How a session ended, as far as reconnecting is concerned. */
    enum Ended {
        /** It streamed for at least {@link #HEALTHY_MILLIS}. */
        healthy,
        /** The camera accepted the connection, then failed (or streamed only briefly). */
        failedConnected,
        /** No connection could be made: refused, no route, no answer. */
        unreachable,
        /** Start the next session at once, without counting a failure (e.g. another reader is needed). */
        retryNow,
        /** Retrying would not help without a change; the session loop ends. */
        permanent,
        stopped
    }

    private final Backoff backoff;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile boolean stopped;

    Reconnect(Backoff backoff, Clock clock) {
        this.backoff = backoff;
        this.clock = clock;
    }

    /** @return how long to wait before the next session */
    long delayAfter(Ended ended) {
        return switch (ended) {
            case healthy -> {
                backoff.reset();
                yield 0;
            }
            case retryNow -> 0;
            default -> backoff.nextDelayMillis();
        };
    }

    /**
     * Waits {@code millis}, or less: when {@code watch} is given, until a TCP connect to the camera succeeds.
     * Returns at once when stopped.
     */
    void await(long millis, Watch watch) {
        long until = clock.millis() + millis;
        while (!stopped) {
            long left = until - clock.millis();
            if (left <= 0) {
                return;
            }
            long started = clock.millis();
            if (watch != null && watch.answers()) {
                return;
            }
            long pause = watch == null ? left : Math.min(left, Math.max(0, WATCH_MILLIS - (clock.millis() - started)));
            synchronized (lock) {
                if (stopped) {
                    return;
                }
                try {
                    lock.wait(Math.max(1, pause));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    void stop() {
        stopped = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** A plain TCP connect to the camera's RTSP port: nothing is sent, the connection is closed at once. */
    static final class Watch {
        private final String host;
        private final int port;
        private final Predicate<InetAddress> allowed;

        private Watch(String host, int port, Predicate<InetAddress> allowed) {
            this.host = host;
            this.port = port;
            this.allowed = allowed;
        }

        /** @return null for a URL without a usable host */
        static Watch of(String url, Predicate<InetAddress> allowed) {
            try {
                URI uri = URI.create(url);
                if (uri.getHost() == null) {
                    return null;
                }
                boolean tls = "rtsps".equalsIgnoreCase(uri.getScheme());
                return new Watch(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : tls ? 322 : 554, allowed);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        boolean answers() {
            try {
                InetAddress address = InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
                if (!allowed.test(address)) {
                    return false; // only addresses in the camera networks are ever connected to
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(address, port), (int) WATCH_MILLIS);
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
    }
}
