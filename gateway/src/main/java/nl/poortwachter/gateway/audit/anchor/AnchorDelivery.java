package nl.poortwachter.gateway.audit.anchor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import nl.poortwachter.gateway.audit.Anchors;
import nl.poortwachter.gateway.audit.Checkpoint;
import nl.poortwachter.recorder.logging.Log;

/**
 * Sends checkpoints to the anchors on a thread of its own, so that a slow collector or a hung share never holds up
 * the audit writer. Each anchor keeps what it could not deliver (at most {@value #BACKLOG}, oldest dropped first and
 * counted) and tries again at the next checkpoint or after {@value #RETRY_SECONDS} s, in order. Failures are logged
 * and counted ({@code audit_anchor_failures_total{anchor}}, backlog in {@code audit_anchor_backlog{anchor}}).
 */
public final class AnchorDelivery implements Anchors {
    private static final Log LOG = Log.of(AnchorDelivery.class);
    static final int BACKLOG = 1000;
    static final int RETRY_SECONDS = 30;
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    /** Wakes the thread at close, so that it delivers what is queued and stops. */
    private static final Checkpoint WAKE = new Checkpoint(-1, "", 0, "", "");

    private final class Lane {
        final AnchorSink sink;
        final Deque<Checkpoint> owed = new ArrayDeque<>();
        final Counter failures;
        volatile int backlog;

        Lane(AnchorSink sink, MeterRegistry registry) {
            this.sink = sink;
            this.failures = Counter.builder("audit.anchor.failures").tag("anchor", sink.name())
                    .description("Checkpoint deliveries to an anchor outside the box that failed").register(registry);
            Gauge.builder("audit.anchor.backlog", this, l -> l.backlog).tag("anchor", sink.name())
                    .description("Checkpoints not yet delivered to an anchor outside the box").register(registry);
        }

        /** Delivers what is owed, oldest first, until one fails. */
        void deliver() {
            while (!owed.isEmpty()) {
                Checkpoint c = owed.peekFirst();
                try {
                    sink.deliver(c);
                    owed.removeFirst();
                } catch (Exception e) {
                    failures.increment();
                    LOG.warn("audit checkpoint not delivered to its anchor; retried later", e, "anchor", sink.name(),
                            "seq", c.seq(), "owed", owed.size());
                    break;
                }
            }
            backlog = owed.size();
        }
    }

    private final List<Lane> lanes = new ArrayList<>();
    private final BlockingQueue<Checkpoint> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    AnchorDelivery(List<AnchorSink> sinks, MeterRegistry registry) {
        for (AnchorSink s : sinks) {
            lanes.add(new Lane(s, registry));
        }
        thread = new Thread(this::run, "audit-anchors");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The anchors configured; {@link Anchors#NONE} when there are none.
     *
     * @param file       a file on other storage to append to, or null
     * @param syslogHost a syslog collector, or null
     * @param hostname   this gateway's name in syslog messages
     */
    public static Anchors of(java.nio.file.Path file, String syslogHost, int syslogPort, boolean tcp, String hostname,
                             MeterRegistry registry) {
        List<AnchorSink> sinks = new ArrayList<>();
        if (file != null) {
            sinks.add(new FileAnchor(file));
        }
        if (syslogHost != null) {
            sinks.add(new SyslogAnchor(syslogHost, syslogPort, tcp, hostname));
        }
        return sinks.isEmpty() ? Anchors.NONE : new AnchorDelivery(sinks, registry);
    }

    @Override
    public void send(Checkpoint c) {
        queue.add(c);
    }

    private void run() {
        try {
            while (running || !queue.isEmpty()) {
                Checkpoint c = queue.poll(running ? RETRY_SECONDS : 0, TimeUnit.SECONDS);
                List<Checkpoint> arrived = new ArrayList<>();
                if (c != null) {
                    arrived.add(c);
                    queue.drainTo(arrived);
                }
                arrived.removeIf(a -> a == WAKE);
                for (Lane lane : lanes) {
                    for (Checkpoint a : arrived) {
                        if (lane.owed.size() >= BACKLOG) {
                            Checkpoint dropped = lane.owed.removeFirst();
                            LOG.error("audit checkpoint dropped: its anchor failed too long", "anchor", lane.sink.name(),
                                    "seq", dropped.seq());
                        }
                        lane.owed.addLast(a);
                    }
                    lane.deliver();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lanes.forEach(l -> l.sink.close());
        }
    }

    @Override
    public void close() {
        running = false;
        queue.add(WAKE);
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
