package nl.poortwachter.recorder.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/**
 * The bytes a manifest signature covers: the manifest object as JSON with keys sorted and no whitespace, UTF-8.
 * For the value types a manifest holds (objects, arrays, strings without control characters, integers) this is
 * the JSON Canonicalization Scheme of RFC 8785, so other tools can verify without this code.
 */
public final class CanonicalJson {
    static final ObjectMapper MAPPER = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private CanonicalJson() {
    }

    public static byte[] bytes(Map<String, Object> value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode manifest", e);
        }
    }
}
