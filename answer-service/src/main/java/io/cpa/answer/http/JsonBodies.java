package io.cpa.answer.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.Locale;

/** The JSON request bodies of the plain APIs (ingest, labels): declared JSON, read as a tree. */
public final class JsonBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBodies() {}

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
