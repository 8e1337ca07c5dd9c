package nl.poortwachter.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** The audit log as an auditor reads it through the API: for tests that check which entries an action wrote. */
public final class AuditTrail {
    private final Http auditor;

    /** @param auditor a client logged in with the auditor role */
    public AuditTrail(Http auditor) {
        this.auditor = auditor;
    }

    public Http auditor() {
        return auditor;
    }

    /** The auditor's check of the whole log: {@code POST /api/v1/audit/verify}, its report. */
    public JsonNode verify() throws Exception {
        return Http.json(auditor.send(auditor.request("/api/v1/audit/verify")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())));
    }

    /** The sequence number of the newest entry: take it before the actions whose entries a test checks. */
    public long lastSeq() throws Exception {
        JsonNode entries = Http.json(auditor.get("/api/v1/audit/entries?limit=1")).path("entries");
        return entries.get(0).path("seq").asLong();
    }

    /** The entries written after {@code seq}, oldest first; without the exports this reading itself writes. */
    public List<JsonNode> entriesAfter(long seq) throws Exception {
        HttpResponse<String> r = auditor.get("/api/v1/audit/export?format=json");
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : Http.json(r)) {
            if (e.path("seq").asLong() > seq && !e.path("action").asText().equals("audit.export")) {
                out.add(e);
            }
        }
        return out;
    }
}
