package nl.poortwachter.recorder.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Writes log lines to a stream (stdout, for the journal or a container runtime) from one thread of its own.
 * A caller formats its line and puts it in a bounded queue, and returns: it never waits for the stream, so a stalled
 * stdout (a blocked pipe, a slow journal) cannot stall a Vert.x event loop or a camera's thread. When the queue is
 * full the line is dropped and counted; once the writer catches up it writes one line saying how many were lost.
 */
public final class AsyncLineHandler extends Handler {
    /** Lines waiting to be written; about a few MiB at most, enough for bursts of seconds at thousands of lines/s. */
    public static final int DEFAULT_CAPACITY = 8192;
    private static final int BATCH = 256;

    private final OutputStream out;
    private final BlockingQueue<String> queue;
    private final Thread writer;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private volatile boolean closed;

    public AsyncLineHandler(OutputStream out, java.util.logging.Formatter formatter, int capacity) {
        this.out = out;
        this.queue = new ArrayBlockingQueue<>(capacity);
        setFormatter(formatter);
        setLevel(Level.ALL);
        writer = new Thread(this::writeLoop, "log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void publish(LogRecord record) {
        if (closed || !isLoggable(record)) {
            return;
        }
        String line;
        try {
            line = getFormatter().format(record);
        } catch (RuntimeException e) {
            reportError("cannot format a log record", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        accepted.incrementAndGet();
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
            done.incrementAndGet();
        }
    }

    /** Lines dropped since this handler started because the queue was full (or the stream failed). */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Waits until every line queued so far is written, at most {@code timeout}: at shutdown the last lines matter,
     * but a stream that stays blocked must not keep the process from exiting.
     *
     * @return whether everything was written
     */
    public boolean awaitWritten(Duration timeout) {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (done.get() < target) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        return true;
    }

    @Override
    public void flush() {
        awaitWritten(Duration.ofSeconds(5));
    }

    /** Writes what is queued (for at most 5 s), then stops the writer; later records are ignored. */
    @Override
    public void close() {
        flush();
        closed = true;
        writer.interrupt();
    }

    private void writeLoop() {
        List<String> batch = new ArrayList<>(BATCH);
        long reported = 0;
        while (!closed || !queue.isEmpty()) {
            try {
                String first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            write(batch);
            batch.clear();
            long lost = dropped.get();
            if (lost > reported && queue.isEmpty()) {
                // Counted before it is written: lines dropped while this one waits are reported next time.
                writeDroppedLine(lost - reported);
                reported = lost;
            }
        }
    }

    private void write(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        lines.forEach(sb::append);
        try {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            dropped.addAndGet(lines.size());
            reportError("cannot write log lines", e, ErrorManager.WRITE_FAILURE);
        } finally {
            done.addAndGet(lines.size());
        }
    }

    private void writeDroppedLine(long count) {
        LogRecord r = new LogRecord(Level.WARNING, "log lines dropped");
        r.setLoggerName(AsyncLineHandler.class.getName());
        r.setParameters(new Object[] {LogFields.of("dropped", count,
                "reason", "the log output was too slow or blocked")});
        try {
            out.write(getFormatter().format(r).getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            reportError("cannot write log lines", e, ErrorManager.WRITE_FAILURE);
        }
    }
}
