package nl.poortwachter.gateway.testing;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import nl.poortwachter.gateway.auth.Sessions;
import nl.poortwachter.recorder.logging.LineFormatter;
import nl.poortwachter.recorder.logging.LogFields;
import nl.poortwachter.recorder.testing.Await;

/**
 * Collects everything logged in this JVM twice: as the gateway's formatter writes it (what reaches disk: redacted,
 * session tokens masked as Main installs it) and raw (the message and fields before redaction), so a test can tell
 * "never logged" from "logged and masked".
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final StringBuffer formatted = new StringBuffer();
    private final StringBuffer raw = new StringBuffer();
    private final LineFormatter formatter = new LineFormatter(List.of(Sessions.LOG_MASK));
    private final Logger root = LogManager.getLogManager().getLogger("");

    public LogCapture() {
        setLevel(Level.ALL);
        root.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        formatted.append(formatter.format(record));
        LogFields fields = LogFields.of(record);
        raw.append(fields == null ? formatter.formatMessage(record) : record.getMessage() + " " + fields).append('\n');
        if (record.getThrown() != null) {
            raw.append(record.getThrown()).append('\n');
        }
    }

    public String formatted() {
        return formatted.toString();
    }

    public String raw() {
        return raw.toString();
    }

    /**
     * Waits until one formatted line holds every part. Before checking the log for something that must not be
     * there, wait for a line written after the action: otherwise a line that is merely late passes the check.
     */
    public String awaitLine(String... parts) throws Exception {
        return Await.value(Duration.ofSeconds(30), () -> "no log line with " + List.of(parts) + " in:\n" + formatted(),
                () -> formatted().lines().filter(l -> List.of(parts).stream().allMatch(l::contains)).findFirst()
                        .orElse(null));
    }

    /**
     * Waits for the access-log line of a request whose response came back: the gateway writes it when the response
     * has been sent, so it may come after the client has the answer.
     */
    public String awaitRequestLine(HttpResponse<?> response) throws Exception {
        String id = response.headers().firstValue("X-Request-Id")
                .orElseThrow(() -> new AssertionError("no X-Request-Id: " + response));
        return awaitLine("msg=\"request\"", " id=" + id);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
