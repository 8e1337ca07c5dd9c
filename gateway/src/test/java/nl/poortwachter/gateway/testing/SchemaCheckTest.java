package nl.poortwachter.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema check that the API document test relies on finds what it must: it would otherwise pass anything. */
class SchemaCheckTest {
    private static final String DOC = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths: {}
            components:
              schemas:
                Thing:
                  type: object
                  required: [id, state]
                  properties:
                    id: {type: integer}
                    state: {type: string, enum: [open, shut]}
                    at: {type: string, format: date-time}
                    note: {type: string, nullable: true}
                    tags: {type: array, items: {type: string}}
                    inner: {$ref: '#/components/schemas/Inner'}
                Inner:
                  type: object
                  additionalProperties: {type: integer}
            """;

    private List<String> check(String json) throws Exception {
        OpenAPI api = new OpenAPIParser().readContents(DOC, null, null).getOpenAPI();
        Schema<?> thing = new Schema<>().$ref("#/components/schemas/Thing");
        return new SchemaCheck(api).check(thing, Http.JSON.readTree(json));
    }

    @Test
    void aFittingValuePasses() throws Exception {
        assertEquals(List.of(), check("""
                {"id": 1, "state": "open", "at": "2026-12-06T10:00:00Z", "note": null, "tags": ["a"], "inner": {"x": 2}}"""));
    }

    @Test
    void eachKindOfMismatchIsFound() throws Exception {
        assertEquals(List.of("$: required field 'state' is missing"), check("{\"id\": 1}"));
        assertEquals(List.of("$: field 'extra' is not documented"), check("{\"id\": 1, \"state\": \"open\", \"extra\": 0}"));
        assertEquals(List.of("$.id: expected an integer, got STRING \"1\""), check("{\"id\": \"1\", \"state\": \"open\"}"));
        assertEquals(List.of("$.state: 'maybe' is not one of [open, shut]"), check("{\"id\": 1, \"state\": \"maybe\"}"));
        assertEquals(List.of("$.at: 'yesterday' is not an RFC 3339 date-time"),
                check("{\"id\": 1, \"state\": \"open\", \"at\": \"yesterday\"}"));
        assertEquals(List.of("$.tags[0]: expected a string, got NUMBER"),
                check("{\"id\": 1, \"state\": \"open\", \"tags\": [3]}").stream().map(p -> p.replace(" 3", "")).toList());
        assertEquals(List.of("$.inner.x: expected an integer, got STRING \"y\""),
                check("{\"id\": 1, \"state\": \"open\", \"inner\": {\"x\": \"y\"}}"));
        assertEquals(List.of("$.at: null, but the schema is not nullable"), check("{\"id\": 1, \"state\": \"open\", \"at\": null}"));
    }
}
