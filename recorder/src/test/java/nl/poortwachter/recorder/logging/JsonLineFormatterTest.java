package nl.poortwachter.recorder.logging;

import static nl.poortwachter.recorder.logging.LineFormatterTest.TOKENS;
import static nl.poortwachter.recorder.logging.LineFormatterTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLineFormatterTest {
    private final JsonLineFormatter formatter = new JsonLineFormatter(List.of(TOKENS));

    private JsonNode parse(String line) throws Exception {
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.endsWith(System.lineSeparator()), line);
        return new ObjectMapper().readTree(line);
    }

    @Test
    void oneObjectPerEventWithTypedValues() throws Exception {
        JsonNode j = parse(formatter.format(event(Level.INFO, "nl.poortwachter.gateway.http.AccessLog", "request",
                null, "method", "GET", "path", "/x\n\"y\"", "status", 200, "ok", true, "ratio", Double.NaN,
                "msg", "a field named like a fixed member", "aborted", null)));
        assertEquals("2026-11-23T20:00:00.123Z", j.path("time").asText());
        assertEquals("INFO", j.path("level").asText());
        assertEquals("gateway.http", j.path("logger").asText());
        assertEquals("request", j.path("msg").asText());
        assertEquals("GET", j.path("method").asText());
        assertEquals("/x\n\"y\"", j.path("path").asText());
        assertTrue(j.path("status").isInt() && j.path("status").asInt() == 200, j.toString());
        assertTrue(j.path("ok").isBoolean(), j.toString());
        assertEquals("NaN", j.path("ratio").asText());
        assertEquals("a field named like a fixed member", j.path("_msg").asText());
        assertFalse(j.has("aborted"), "a null value leaves its key out");
    }

    @Test
    void everyTextIsRedactedAndTheLineStaysJson() throws Exception {
        String token = "pwt_" + "x".repeat(43);
        Exception e = new IllegalStateException("cannot open rtsp://admin:S3cret@10.0.0.5/stream");
        JsonNode j = parse(formatter.format(event(Level.SEVERE, "nl.poortwachter.recorder.Recorder",
                "open failed password=S3cret", e, "password", "S3cret\"", "url", "rtsp://u:S3cret@h/x",
                "token", token, "note", "see " + token)));
        assertFalse(j.toString().contains("S3cret"), j.toString());
        assertFalse(j.toString().contains(token.substring(4)), j.toString());
        assertEquals("***", j.path("password").asText());
        assertEquals("rtsp://***@h/x", j.path("url").asText());
        assertEquals("see pwt_***", j.path("note").asText());
        assertEquals("ERROR", j.path("level").asText());
        assertTrue(j.path("error").asText().startsWith("java.lang.IllegalStateException: cannot open rtsp://***@"));
        assertTrue(j.path("stack").asText().contains("\tat "), j.toString());
    }

    @Test
    void foreignRecordsToo() throws Exception {
        LogRecord r = new LogRecord(Level.WARNING, "connected to {0}");
        r.setParameters(new Object[] {"rtsp://u:S3cret@h/x"});
        r.setLoggerName("io.vertx.core.net.impl.ConnectionBase");
        JsonNode j = parse(formatter.format(r));
        assertEquals("connected to rtsp://***@h/x", j.path("msg").asText());
        assertEquals("WARN", j.path("level").asText());
        assertEquals("io.vertx.core.net.impl.ConnectionBase", j.path("logger").asText());
    }
}
