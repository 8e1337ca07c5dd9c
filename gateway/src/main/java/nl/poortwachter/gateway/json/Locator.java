package nl.poortwachter.gateway.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.util.List;

/**
 * Finds where a field path starts in a document. Jackson reports unknown fields of records only when the
 * whole object has been read, with the location of its end; an operator told "line 40" for a typo on line 3
 * would look in the wrong place. So the document is scanned again for the key itself.
 */
public final class Locator {
    private Locator() {
    }

    /** The location of the last element of {@code path} (a key's name, or an array element), or null. */
    public static JsonLocation locate(JsonFactory factory, String content, List<JsonMappingException.Reference> path) {
        if (path.isEmpty()) {
            return null;
        }
        try (JsonParser p = factory.createParser(content)) {
            if (p.nextToken() == null) {
                return null;
            }
            return find(p, path, 0);
        } catch (IOException | RuntimeException e) {
            return null; // best effort: the caller still has Jackson's own location
        }
    }

    private static JsonLocation find(JsonParser p, List<JsonMappingException.Reference> path, int depth)
            throws IOException {
        JsonMappingException.Reference ref = path.get(depth);
        boolean last = depth == path.size() - 1;
        if (p.currentToken() == JsonToken.START_OBJECT && ref.getFieldName() != null) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonLocation at = p.currentTokenLocation();
                p.nextToken();
                if (name.equals(ref.getFieldName())) {
                    return last ? at : find(p, path, depth + 1);
                }
                p.skipChildren();
            }
        } else if (p.currentToken() == JsonToken.START_ARRAY && ref.getIndex() >= 0) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY && p.currentToken() != null) {
                if (i == ref.getIndex()) {
                    return last ? p.currentTokenLocation() : find(p, path, depth + 1);
                }
                p.skipChildren();
                i++;
            }
        }
        return null;
    }
}
