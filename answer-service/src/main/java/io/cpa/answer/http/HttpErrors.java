package io.cpa.answer.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** JSON error replies of the routes, in the two shapes their callers expect. */
public final class HttpErrors {
    private HttpErrors() {}

    /** {@code {"error": message, "field": field}}: the shape of the ingest API. */
    public static void plain(RoutingContext ctx, int status, String message, String field) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("error", message);
        if (field != null) body.put("field", field);
        send(ctx, status, body);
    }

    /** {@code {"error": {"message", "type", "param", "code"}}}: the shape OpenAI clients read. */
    public static void openAi(RoutingContext ctx, int status, String message, String type) {
        openAi(ctx, status, message, type, null, null);
    }

    /** As {@link #openAi(RoutingContext, int, String, String)}, naming the request field ({@code param}) and a {@code code}. */
    public static void openAi(RoutingContext ctx, int status, String message, String type, String param, String code) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode error = body.putObject("error").put("message", message).put("type", type);
        if (param == null) error.putNull("param");
        else error.put("param", param);
        if (code == null) error.putNull("code");
        else error.put("code", code);
        send(ctx, status, body);
    }

    private static void send(RoutingContext ctx, int status, ObjectNode body) {
        HttpServerResponse r = ctx.response();
        if (r.headWritten()) {
            r.reset();
            return;
        }
        r.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }

    /**
     * Whether a route's failure is the path rules' refusal (io.cpa.security: the caller's roles do not allow the
     * request), which reaches the failure handlers of the routes after Quarkus' authorization filter: 403, not 500.
     */
    public static boolean forbidden(RoutingContext ctx) {
        return ctx.failure() instanceof io.quarkus.security.ForbiddenException || ctx.statusCode() == 403;
    }

    /** The status a failed route context stands for: Vert.x's BodyHandler fails with 413 above its limit. */
    public static int status(RoutingContext ctx) {
        return ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    }

    /** Why a publication failed, for the caller: a timeout says the broker did not acknowledge in time. */
    public static String cause(Throwable error) {
        Throwable c = error;
        while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) c = c.getCause();
        return c instanceof java.util.concurrent.TimeoutException ? "the broker did not acknowledge in time" : String.valueOf(c.getMessage());
    }
}
