package nl.poortwachter.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the hand-written OpenAPI document, read once from the class path at start-up. */
public final class ApiDocs {
    public static final String PATH = "/api/v1/openapi.yaml";
    private static final String RESOURCE = "/openapi.yaml";

    private final Buffer document;

    public ApiDocs() {
        try (InputStream in = ApiDocs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            document = Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void register(Router router) {
        router.get(PATH, Access.of(nl.poortwachter.gateway.auth.Permission.AUTHENTICATED, "api.docs"), ex -> Future.succeededFuture(Reply.of(200, "application/yaml", document)));
    }
}
