package nl.poortwachter.recorder.logging;

import static nl.poortwachter.recorder.logging.LineFormatterTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.testing.Await;
import org.junit.jupiter.api.Test;

/**
 * The log output never holds up a caller: with a stdout nobody reads (a pipe whose buffer is full), logging returns
 * at once, lines beyond the queue are dropped and counted, and once the output moves again the writer says how
 * many were lost. What was queued is written in order.
 */
class AsyncLineHandlerTest {
    private static final int CAPACITY = 100;
    private static final int LINES = 20_000;

    @Test
    void aBlockedOutputNeverBlocksCallersAndDropsAreCountedAndReported() throws Exception {
        PipedInputStream unread = new PipedInputStream(1024);
        PipedOutputStream out = new PipedOutputStream(unread);
        AsyncLineHandler handler = new AsyncLineHandler(out, new LineFormatter(List.of()), CAPACITY);
        try {
            // Several threads at once, as event loops and camera threads would; each must finish on its own.
            List<CompletableFuture<Void>> callers = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                callers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < LINES / 4; i++) {
                        handler.publish(event(Level.INFO, "nl.poortwachter.gateway.http.AccessLog", "request", null,
                                "thread", thread, "n", i));
                    }
                }));
            }
            CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(1024, unread.available(), "the output really is blocked: its buffer is full");
            long dropped = handler.dropped();
            // At most the queue plus the writer's batch in hand (and the bytes in the pipe) got through.
            assertTrue(dropped >= LINES - CAPACITY - 256 - 20, "dropped " + dropped);
            assertFalse(handler.awaitWritten(Duration.ofMillis(300)), "a blocked output cannot be waited out");

            ByteArrayOutputStream received = new ByteArrayOutputStream();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> copy(unread, received));
            assertTrue(handler.awaitWritten(Duration.ofSeconds(30)), "the queue drains once the output moves");
            handler.publish(event(Level.INFO, "nl.poortwachter.gateway.Main", "after", null));
            assertTrue(handler.awaitWritten(Duration.ofSeconds(30)));
            Await.until(Duration.ofSeconds(30), "the last line to arrive",
                    () -> received.toString(StandardCharsets.UTF_8).contains("msg=\"after\""));
            String text = received.toString(StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("WARN  recorder.logging msg=\"log lines dropped\" dropped=(\\d+) ").matcher(text);
            long reported = 0;
            while (m.find()) {
                reported += Long.parseLong(m.group(1));
            }
            assertEquals(dropped, reported, "every drop is reported: " + text.substring(Math.max(0, text.length() - 2000)));
            long written = text.lines().filter(l -> l.contains("msg=\"request\"")).count();
            assertEquals(LINES, written + dropped, "every line is either written or counted as dropped");
            assertTrue(text.indexOf("msg=\"log lines dropped\"") < text.indexOf("msg=\"after\""));
            out.close();
            reader.get(30, TimeUnit.SECONDS);
        } finally {
            handler.close();
        }
    }

    @Test
    void queuedLinesAreWrittenInOrderAndCloseFlushes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncLineHandler handler = new AsyncLineHandler(out, new LineFormatter(List.of()), CAPACITY);
        for (int i = 0; i < 50; i++) {
            handler.publish(event(Level.INFO, "nl.poortwachter.recorder.Recorder", "line", null, "n", i));
        }
        handler.close();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(50, lines.size(), lines.toString());
        for (int i = 0; i < 50; i++) {
            assertTrue(lines.get(i).endsWith("msg=\"line\" n=" + i), lines.get(i));
        }
        assertEquals(0, handler.dropped());
    }

    private static void copy(InputStream in, ByteArrayOutputStream to) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (to) {
                    to.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the writer side closed
        }
    }
}
