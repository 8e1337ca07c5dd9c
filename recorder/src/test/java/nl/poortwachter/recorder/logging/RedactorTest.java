package nl.poortwachter.recorder.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RedactorTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "rtsp://admin:S3cret@10.0.0.5:554/stream|rtsp://***@10.0.0.5:554/stream",
            "RTSP://admin:S3cret@10.0.0.5/x|RTSP://***@10.0.0.5/x",
            "rtsps://u:S3cret%21pw@cam/x|rtsps://***@cam/x",
            "rtsp://u:pa/ss@cam/x|rtsp://***@cam/x",
            "rtsp://u:p@ss:w@rd@cam/x|rtsp://***@cam/x",
            "rtsp://onlyuser@cam/x|rtsp://***@cam/x",
            "open 'rtsp://a:b@h/x' failed|open 'rtsp://***@h/x' failed",
            "http://u:S3cret@h/x|http://***@h/x",
            "rtsp%3A%2F%2Fu%3AS3cret%40h|rtsp%3A%2F%2F***%40h",
            "password=S3cret|password=***",
            "user=x&password=S3cret&next=1|user=x&password=***&next=1",
            "Password: S3cret|Password: ***",
            "passwd=S3cret|passwd=***",
            "password=\"S3 cret\" other=1|password=\"***\" other=1",
            "{\"password\": \"S3 \\\"cret\"}|{\"password\": \"***\"}",
            "{\"password\":\"S3cret\",\"name\":\"x\"}|{\"password\":\"***\",\"name\":\"x\"}",
            "Authorization: Basic dXNlcjpTM2NyZXQ=|Authorization: Basic ***",
            "token=abc123|token=***",
    })
    void masksCredentials(String in, String expected) {
        assertEquals(expected, Redactor.redact(in));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "rtsp://10.0.0.5:554/stream",
            "msg=\"request\" method=GET path=/api/v1/cameras status=200 ms=3",
            "username: is required when a password is given",
            "url: carries credentials and 'username' is set too",
            "passwordless=true",
    })
    void leavesOrdinaryTextAlone(String in) {
        assertEquals(in, Redactor.redact(in));
    }

    @Test
    void nullAndEmpty() {
        assertEquals(null, Redactor.redact(null));
        assertEquals("", Redactor.redact(""));
    }

    @Test
    void manyUrlsInOneLine() {
        String out = Redactor.redact("a rtsp://u:one@h1/x b rtsp://u:two@h2/y c");
        assertFalse(out.contains("one") || out.contains("two"), out);
        assertTrue(out.contains("h1/x") && out.contains("h2/y"), out);
    }

    @Test
    void ffmpegOpenErrorLosesItsCredentials() {
        String out = Redactor.redact("avformat_open_input() error -825242872: Could not open input \"rtsp://admin:Geheim!42@10.0.0.5:554/Streaming/Channels/101\"");
        assertFalse(out.contains("Geheim"), out);
        assertFalse(out.contains("admin"), out);
        assertEquals("rtsp://cam/x?channel=1&subtype=0", Redactor.redact("rtsp://cam/x?channel=1&subtype=0"));
    }
}
