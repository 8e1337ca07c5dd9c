package nl.poortwachter.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictJsonTest {
    private static CameraSpec read(String json) {
        return StrictJson.read(Buffer.buffer(json), CameraSpec.class);
    }

    private static ApiException fail(String json) {
        return assertThrows(ApiException.class, () -> read(json));
    }

    @Test
    void readsAValidCamera() {
        CameraSpec s = read("""
                {"id": "markt", "name": "Markt", "url": "rtsp://h/x", "username": "u", "password": "p",
                 "legalRegime": "wegbeheer", "retentionDays": 3, "recording": false, "transport": "udp"}""");
        assertEquals("markt", s.id());
        assertEquals(3, s.retentionDays());
        assertEquals(Boolean.FALSE, s.recording());
        assertEquals(Transport.udp, s.transport());
        assertNull(read("{\"name\": \"x\"}").url(), "missing fields are left to the recorder's validation");
    }

    @Test
    void malformedJsonGivesLineAndColumn() {
        ApiException e = fail("{\n  \"name\": \"x\",\n  oops\n}");
        assertEquals(400, e.status());
        assertEquals("malformed_json", e.code());
        assertTrue(e.getMessage().startsWith("malformed JSON at line 3 column"), e.getMessage());
        assertNull(e.field());
    }

    @Test
    void malformedMessageNeverQuotesInput() {
        ApiException e = fail("{\"password\": \"S3cret!pw\" \"x\"}");
        assertEquals("malformed_json", e.code());
        assertFalse(e.getMessage().contains("S3cret"), e.getMessage());
    }

    @Test
    void trailingTokensAreMalformed() {
        assertEquals("malformed_json", fail("{\"name\": \"x\"} {}").code());
        assertEquals("malformed_json", fail("{\"name\": \"x\"} x").code());
    }

    @Test
    void emptyBodyAndNonObjects() {
        assertEquals("malformed_json", fail("").code());
        assertEquals("malformed_json", fail("   ").code());
        assertEquals("wrong_type", fail("null").code());
        ApiException array = fail("[]");
        assertEquals("wrong_type", array.code());
        assertNull(array.field());
        assertEquals("wrong_type", fail("\"camera\"").code());
    }

    @Test
    void unknownFieldIsNamed() {
        ApiException e = fail("{\"name\": \"x\", \"retention\": 3}");
        assertEquals("unknown_field", e.code());
        assertEquals("retention", e.field());
        assertTrue(e.getMessage().contains("retentionDays"), "lists the known fields: " + e.getMessage());
    }

    @Test
    void viewFieldsSentBackAreUnknown() {
        assertEquals("credentials", fail("{\"name\": \"x\", \"credentials\": \"***\"}").field());
        assertEquals("status", fail("{\"name\": \"x\", \"status\": {}}").field());
    }

    @Test
    void duplicateKeysAreRefused() {
        ApiException e = fail("{\"url\": \"rtsp://h/x\", \"url\": \"file:/etc/passwd\"}");
        assertEquals(400, e.status());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"retentionDays\": \"abc\"}|retentionDays",
            "{\"retentionDays\": \"28\"}|retentionDays",
            "{\"retentionDays\": 28.5}|retentionDays",
            "{\"retentionDays\": 28.0}|retentionDays",
            "{\"retentionDays\": true}|retentionDays",
            "{\"retentionDays\": 99999999999}|retentionDays",
            "{\"retentionDays\": []}|retentionDays",
            "{\"retentionDays\": \"\"}|retentionDays",
            "{\"recording\": \"yes\"}|recording",
            "{\"recording\": \"true\"}|recording",
            "{\"recording\": 1}|recording",
            "{\"recording\": \"\"}|recording",
            "{\"name\": 5}|name",
            "{\"name\": true}|name",
            "{\"name\": 1.5}|name",
            "{\"name\": {}}|name",
            "{\"name\": [\"a\"]}|name",
            "{\"password\": 12345}|password",
            "{\"transport\": \"carrier-pigeon\"}|transport",
            "{\"transport\": 0}|transport",
            "{\"transport\": \"\"}|transport",
    })
    void wrongTypeIsNamed(String json, String field) {
        ApiException e = fail(json);
        assertEquals(400, e.status(), json);
        assertEquals(field, e.field(), json + " -> " + e.getMessage());
        assertTrue(e.code().equals("wrong_type"), json + " -> " + e.code());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void wrongTypeMessageNeverEchoesTheValue() {
        ApiException e = fail("{\"password\": 987654321}");
        assertFalse(e.getMessage().contains("987654321"), e.getMessage());
    }

    @Test
    void explicitNullIsAbsent() {
        assertNull(read("{\"name\": \"x\", \"retentionDays\": null}").retentionDays());
    }
}
