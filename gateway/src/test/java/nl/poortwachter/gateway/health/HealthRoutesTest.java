package nl.poortwachter.gateway.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.recorder.HealthReport;
import org.junit.jupiter.api.Test;

class HealthRoutesTest {
    @Test
    void unhealthyIs503Down() throws Exception {
        Reply r = HealthRoutes.reply(new HealthReport(false, new HealthReport.Check(true, "writable"),
                new HealthReport.Check(false, "database is locked")));
        assertEquals(503, r.status());
        JsonNode n = new ObjectMapper().readTree(r.body().getBytes());
        assertEquals("DOWN", n.path("status").asText());
        assertEquals("database is locked", n.path("database").path("detail").asText());
        assertEquals(true, n.path("storage").path("ok").asBoolean());
    }

    @Test
    void healthyIs200Up() throws Exception {
        Reply r = HealthRoutes.reply(new HealthReport(true, new HealthReport.Check(true, "ok"),
                new HealthReport.Check(true, "ok")));
        assertEquals(200, r.status());
        assertEquals("UP", new ObjectMapper().readTree(r.body().getBytes()).path("status").asText());
    }
}
