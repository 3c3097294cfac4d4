package io.cpa.answer.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.util.Locale;

/** The JSON request bodies of the plain APIs (ingest, labels): declared JSON, bounded, read as a tree. */
public final class JsonBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBodies() {}

    /**
     * {@code POST path} of a plain API (the caller was authenticated and authorized before any route, see
     * io.cpa.security): the content type is checked before the body is read, the body is read up to {@code maxBodySize} (413 above), then {@code handler} answers.
     */
    public static void post(Router router, String path, int maxBodySize,
                            Handler<RoutingContext> handler) {
        // Vert.x wants body handlers first on a route: the content type is checked on an earlier route
        // orders above -100: after Quarkus' authorization filter (order -100), which applies the path rules of io.cpa.security
        router.post(path).order(-91).handler(JsonBodies::requireJson);
        router.post(path).order(-90)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodySize))
                .handler(handler)
                .failureHandler(ctx -> {
                    if (HttpErrors.forbidden(ctx)) {
                        HttpErrors.plain(ctx, 403, "the caller's roles do not allow this request", null);
                        return;
                    }
                    int status = HttpErrors.status(ctx);
                    HttpErrors.plain(ctx, status, status == 413 ? "body larger than " + maxBodySize + " bytes" : "internal error", null);
                });
    }

    /**
     * The body of a batch: a JSON array of at most {@code maxItems}; otherwise the request is answered (400 for a
     * body that is not JSON or not an array, 413 above the count) and null returned.
     */
    public static JsonNode batch(RoutingContext ctx, int maxItems, String items) {
        JsonNode body;
        try {
            body = read(ctx);
        } catch (FieldException e) {
            HttpErrors.plain(ctx, 400, e.getMessage(), e.field());
            return null;
        }
        if (!body.isArray()) {
            HttpErrors.plain(ctx, 400, "a batch must be a JSON array of " + items, "");
            return null;
        }
        if (body.size() > maxItems) {
            HttpErrors.plain(ctx, 413, "a batch holds at most " + maxItems + " " + items + ", this one " + body.size(), "");
            return null;
        }
        return body;
    }

    /** A route handler: on to the next handler when the body is declared JSON, else 415 before it is read. */
    public static void requireJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String mime = type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"))) {
            ctx.next();
        } else {
            HttpErrors.plain(ctx, 415, "Content-Type must be application/json, was " + (type == null ? "none" : "'" + type + "'"), null);
        }
    }

    /** The body as JSON; a {@link FieldException} on the body as a whole ({@code ""}) when it is empty or not JSON. */
    public static JsonNode read(RoutingContext ctx) {
        try {
            byte[] bytes = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
            JsonNode node = bytes.length == 0 ? null : JSON.readTree(bytes);
            if (node == null) throw new FieldException("", "the body is empty");
            return node;
        } catch (IOException e) {
            throw new FieldException("", "the body is not valid JSON");
        }
    }
}
