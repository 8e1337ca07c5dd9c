package nl.poortwachter.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Register imports through the API, as an integrator's script would send them: the file as it is, then the plan. */
public final class RegisterImports {
    public static final String DRY_RUN = "/api/v1/register/import/dry-run";
    public static final String APPLY = "/api/v1/register/import/apply";

    private RegisterImports() {
    }

    /** Utrecht's published inventory in its shape: 22 rows, ';', Windows-1252 with 'é' (the recorder's test file). */
    public static byte[] utrecht() throws Exception {
        try (InputStream in = RegisterImports.class.getResourceAsStream("/register/utrecht-inventory.csv")) {
            return in.readAllBytes();
        }
    }

    public static HttpResponse<String> send(Http http, String path, byte[] file, Map<String, String> mapping) throws Exception {
        String query = mapping.isEmpty() ? "" : (path.contains("?") ? "&" : "?") + "mapping="
                + URLEncoder.encode(Http.JSON.writeValueAsString(mapping), StandardCharsets.UTF_8);
        return http.send(http.request(path + query).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)));
    }

    /** The dry run's plan (200 expected). */
    public static JsonNode dryRun(Http http, byte[] file, Map<String, String> mapping) throws Exception {
        HttpResponse<String> r = send(http, DRY_RUN, file, mapping);
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r);
    }

    public static HttpResponse<String> apply(Http http, byte[] file, String plan, Map<String, String> mapping) throws Exception {
        return send(http, APPLY + "?plan=" + plan, file, mapping);
    }

    /** Dry run, then apply its plan; the applied plan (200 expected). */
    public static JsonNode imported(Http http, byte[] file) throws Exception {
        JsonNode plan = dryRun(http, file, Map.of());
        HttpResponse<String> r = apply(http, file, plan.path("plan").asText(), Map.of());
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r);
    }
}
