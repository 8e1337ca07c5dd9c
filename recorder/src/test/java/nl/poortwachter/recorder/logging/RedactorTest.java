package nl.poortwachter.recorder.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void removesCredentialsFromUrlsAndPairs() {
        String ffmpegMessage = "avformat_open_input() error -825242872: Could not open input \"rtsp://admin:Geheim!42@10.0.0.5:554/Streaming/Channels/101\"";
        String out = Redactor.redact(ffmpegMessage);
        assertFalse(out.contains("Geheim"), out);
        assertFalse(out.contains("admin"), out);
        assertEquals("url rtsps://***@cam/x", Redactor.redact("url rtsps://u:p@cam/x"));
        assertFalse(Redactor.redact("password=hunter2 next").contains("hunter2"));
        assertFalse(Redactor.redact("{\"password\":\"hunter2\"}").contains("hunter2"));
        assertEquals("rtsp://cam/x?channel=1&subtype=0", Redactor.redact("rtsp://cam/x?channel=1&subtype=0"));
    }
}
