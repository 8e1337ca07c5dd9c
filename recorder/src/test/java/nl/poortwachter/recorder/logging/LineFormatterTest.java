package nl.poortwachter.recorder.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.logging.StructuredFormatter.SecretMask;
import org.junit.jupiter.api.Test;

class LineFormatterTest {
    /** The shape of the gateway's session tokens, as the gateway installs it. */
    static final SecretMask TOKENS = new SecretMask(Pattern.compile("pwt_[A-Za-z0-9_-]{43}"), "pwt_***");
    private final LineFormatter formatter = new LineFormatter(List.of(TOKENS));

    /** A record as {@link Log} makes it: the message and its key/value pairs. */
    static LogRecord event(Level level, String logger, String message, Throwable thrown, Object... kv) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName(logger);
        r.setInstant(Instant.parse("2026-11-23T20:00:00.123Z"));
        r.setParameters(new Object[] {LogFields.of(kv)});
        r.setThrown(thrown);
        return r;
    }

    /** A record of a library that logs through java.util.logging itself. */
    private String foreign(Level level, String logger, String message) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName(logger);
        r.setInstant(Instant.parse("2026-11-23T20:00:00.123Z"));
        return formatter.format(r);
    }

    @Test
    void structuredLine() {
        String line = formatter.format(event(Level.INFO, "nl.poortwachter.gateway.http.AccessLog", "request", null,
                "method", "GET", "path", "/api/v1/cameras", "status", 200, "ms", 3, "aborted", null));
        assertEquals("2026-11-23T20:00:00.123Z INFO  gateway.http msg=\"request\" method=GET path=/api/v1/cameras "
                + "status=200 ms=3" + System.lineSeparator(), line);
    }

    @Test
    void levelsAndLoggerNames() {
        assertTrue(foreign(Level.WARNING, "io.vertx.core.impl.BlockedThreadChecker", "x")
                .contains(" WARN  io.vertx.core.impl.BlockedThreadChecker msg=\"x\""));
        assertTrue(foreign(Level.SEVERE, "nl.poortwachter.gateway.Main", "x").contains(" ERROR gateway msg="));
        assertTrue(foreign(Level.FINE, "nl.poortwachter.recorder.ingest.CameraSession", "x")
                .contains(" DEBUG recorder.ingest msg="));
    }

    @Test
    void recorderEventsGetTheSameShape() {
        String line = formatter.format(event(Level.INFO, "nl.poortwachter.recorder.Recorder", "camera.added", null,
                "camera", "gate-1", "url", "rtsp://u:S3cret@h/x", "credentials", "***"));
        assertTrue(line.endsWith(" INFO  recorder msg=\"camera.added\" camera=gate-1 url=rtsp://***@h/x credentials=***"
                + System.lineSeparator()), line);
        assertTrue(formatter.format(event(Level.INFO, "nl.poortwachter.recorder.Recorder", "recorder.started", null))
                .endsWith("msg=\"recorder.started\"" + System.lineSeparator()));
    }

    @Test
    void foreignMessagesAreQuotedAndStayOnOneLine() {
        String line = foreign(Level.INFO, "io.netty", "two\nlines \"quoted\"");
        assertTrue(line.endsWith("msg=\"two\\nlines \\\"quoted\\\"\"" + System.lineSeparator()), line);
        assertEquals(1, line.lines().count());
    }

    @Test
    void injectedNewlinesInValuesAreEscaped() {
        String line = formatter.format(event(Level.INFO, "nl.poortwachter.gateway.http.AccessLog", "request", null,
                "path", "/x\n2026-01-01T00:00:00Z INFO fake", "name", "line\u2028separator"));
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("path=\"/x\\n2026-01-01T00:00:00Z INFO fake\" name=\"line\\u2028separator\""), line);
    }

    @Test
    void exceptionsAreFoldedAndRedacted() {
        Exception e = new IllegalStateException("cannot open rtsp://admin:S3cret@10.0.0.5/stream",
                new RuntimeException("password=S3cret"));
        String line = formatter.format(event(Level.SEVERE, "nl.poortwachter.recorder", "ingest failed", e));
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

    @Test
    void sessionTokensAreMaskedWhereverTheyAppear() {
        String token = "pwt_" + "A".repeat(40) + "b-_";
        String line = formatter.format(event(Level.INFO, "nl.poortwachter.gateway.http.AccessLog", "request "
                + token, new RuntimeException("bad " + token), "path", "/live?t=" + token));
        assertFalse(line.contains(token.substring(4)), line);
        assertTrue(line.contains("msg=\"request pwt_***\"") && line.contains("path=\"/live?t=pwt_***\""), line);
        assertTrue(new LineFormatter(List.of()).format(event(Level.INFO, "x", token, null)).contains(token),
                "the mask is what the process installs, nothing built in");
    }
}
