package nl.poortwachter.gateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LineFormatterTest {
    private final LineFormatter formatter = new LineFormatter();

    private String format(Level level, String logger, String message, Throwable thrown) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName(logger);
        r.setInstant(Instant.parse("2026-11-23T20:00:00.123Z"));
        r.setThrown(thrown);
        return formatter.format(r);
    }

    @Test
    void structuredLine() {
        String line = format(Level.INFO, "nl.poortwachter.gateway.http",
                Kv.msg("request").with("method", "GET").with("path", "/api/v1/cameras").with("status", 200)
                        .with("ms", 3).toString(), null);
        assertEquals("2026-11-23T20:00:00.123Z INFO  gateway.http msg=\"request\" method=GET path=/api/v1/cameras "
                + "status=200 ms=3" + System.lineSeparator(), line);
    }

    @Test
    void levelsAndLoggerNames() {
        assertTrue(format(Level.WARNING, "io.vertx.core.impl.BlockedThreadChecker", "x", null)
                .contains(" WARN  io.vertx.core.impl.BlockedThreadChecker msg=\"x\""));
        assertTrue(format(Level.SEVERE, "nl.poortwachter.gateway.Main", "x", null).contains(" ERROR gateway msg="));
        assertTrue(format(Level.FINE, "nl.poortwachter.recorder.ingest.CameraSession", "x", null)
                .contains(" DEBUG recorder.ingest msg="));
    }

    @Test
    void recorderEventsGetTheSameShape() {
        String line = format(Level.INFO, "nl.poortwachter.recorder.Recorder",
                "camera.added camera=gate-1 url=rtsp://u:S3cret@h/x credentials=***", null);
        assertTrue(line.endsWith(" INFO  recorder msg=\"camera.added\" camera=gate-1 url=rtsp://***@h/x credentials=***"
                + System.lineSeparator()), line);
        assertTrue(format(Level.INFO, "nl.poortwachter.recorder.Recorder", "recorder.started", null)
                .endsWith("msg=\"recorder.started\"" + System.lineSeparator()));
    }

    @Test
    void foreignMessagesAreQuotedAndStayOnOneLine() {
        String line = format(Level.INFO, "io.netty", "two\nlines \"quoted\"", null);
        assertTrue(line.endsWith("msg=\"two\\nlines \\\"quoted\\\"\"" + System.lineSeparator()), line);
        assertEquals(1, line.lines().count());
    }

    @Test
    void injectedNewlinesInValuesAreEscaped() {
        String line = format(Level.INFO, "nl.poortwachter.gateway.http",
                Kv.msg("request").with("path", "/x\n2026-01-01T00:00:00Z INFO fake").toString(), null);
        assertEquals(1, line.lines().count(), line);
    }

    @Test
    void exceptionsAreFoldedAndRedacted() {
        Exception e = new IllegalStateException("cannot open rtsp://admin:S3cret@10.0.0.5/stream",
                new RuntimeException("password=S3cret"));
        String line = format(Level.SEVERE, "nl.poortwachter.recorder", Kv.msg("ingest failed").toString(), e);
        assertEquals(1, line.lines().count(), line);
        assertFalse(line.contains("S3cret"), line);
        assertTrue(line.contains("error=\"java.lang.IllegalStateException: cannot open rtsp://***@10.0.0.5/stream\""),
                line);
        assertTrue(line.contains("stack=\"java.lang.IllegalStateException"), line);
    }

    @Test
    void messageParametersAreApplied() {
        LogRecord r = new LogRecord(Level.INFO, "connected to {0}");
        r.setParameters(new Object[] {"rtsp://u:S3cret@h/x"});
        r.setLoggerName("io.vertx");
        String line = formatter.format(r);
        assertTrue(line.contains("msg=\"connected to rtsp://***@h/x\""), line);
    }
}
