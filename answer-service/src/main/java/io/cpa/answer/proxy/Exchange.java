package io.cpa.answer.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The request and reply rewriting of the proxy, as plain functions, for the two APIs it serves. The caller's bytes
 * are forwarded unchanged when the caller asked for logprobs itself. Otherwise the proxy adds them to the request
 * (chat: {@code logprobs: true, top_logprobs}; Responses: {@code "message.output_text.logprobs"} appended to the
 * caller's own {@code include} entries, and {@code top_logprobs}) and takes them out of the reply again, which is
 * then re-serialised: the only case in which the caller does not get the upstream's bytes (same fields in the same
 * order and numbers with the same digits, but whitespace may differ). Taking out means giving back what the upstream
 * would have sent had it not been asked: chat {@code choices[].logprobs} becomes {@code null} (the key stays), every
 * Responses {@code logprobs} list becomes empty and the echoed {@code top_logprobs} is the caller's (0 when it sent none).
 */
public final class Exchange {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();
    public static final String RESPONSES_LOGPROBS = "message.output_text.logprobs";

    /** The APIs the proxy serves, by the path under the base URL. */
    public enum Api {
        CHAT("/chat/completions", "openai-chat"),
        RESPONSES("/responses", "openai-responses");

        private final String path;
        private final String endpoint;

        Api(String path, String endpoint) {
            this.path = path;
            this.endpoint = endpoint;
        }

        /** the path under {@code /v1} */
        public String path() { return path; }

        /** the {@code endpoint} of the answer event, with {@code -stream} for a streamed reply */
        public String endpoint(boolean streamed) { return streamed ? endpoint + "-stream" : endpoint; }
    }

    private Exchange() {}

    /**
     * @param upstreamBody what to send upstream
     * @param callerBody   the caller's own bytes, sent as they are to a model that refuses logprobs
     * @param request      the caller's request as JSON
     * @param model        the {@code model} of the request
     * @param stream       the caller asked for server-sent events
     * @param strip        the proxy asked for logprobs the caller did not, so they must be removed from the reply
     */
    public record Prepared(Api api, byte[] upstreamBody, byte[] callerBody, ObjectNode request, String model, boolean stream,
                           boolean strip) {}

    /** A request the proxy cannot forward: the OpenAI {@code param} it names and why. */
    public static final class BadRequest extends IllegalArgumentException {
        private final String param;

        BadRequest(String param, String message) {
            super(message);
            this.param = param;
        }

        public String param() { return param; }
    }

    /**
     * Reads and checks the caller's body: a JSON object with a string {@code model}; {@code stream} and chat's
     * {@code logprobs} booleans or null; Responses' {@code include} an array of strings or null. These are the fields
     * the proxy itself acts on; every other field is the upstream's to judge.
     */
    public static Prepared prepare(Api api, byte[] body, int topLogprobs) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException e) {
            throw new BadRequest(null, "the request body is not valid JSON");
        }
        if (tree == null || !tree.isObject()) throw new BadRequest(null, "the request body must be a JSON object");
        ObjectNode request = (ObjectNode) tree;
        JsonNode model = request.get("model");
        if (model == null || model.isNull()) throw new BadRequest("model", "you must provide a model parameter");
        if (!model.isTextual() || model.asText().isBlank()) throw new BadRequest("model", "model must be a non-empty string");
        requireBooleanOrNull(request, "stream");
        boolean stream = request.path("stream").asBoolean(false);
        if (api == Api.CHAT) {
            requireBooleanOrNull(request, "logprobs");
            if (request.path("logprobs").asBoolean(false)) return new Prepared(api, body, body, request, model.asText(), stream, false);
            ObjectNode upstream = request.deepCopy();
            upstream.put("logprobs", true);
            upstream.put("top_logprobs", topLogprobs);
            return new Prepared(api, write(upstream), body, request, model.asText(), stream, true);
        }
        JsonNode include = request.get("include");
        if (include != null && !include.isNull()) {
            if (!include.isArray()) throw new BadRequest("include", "include must be an array of strings");
            for (JsonNode entry : include) {
                if (!entry.isTextual()) throw new BadRequest("include", "include must be an array of strings");
                if (entry.asText().equals(RESPONSES_LOGPROBS)) return new Prepared(api, body, body, request, model.asText(), stream, false);
            }
        }
        ObjectNode upstream = request.deepCopy();
        ArrayNode entries = upstream.putArray("include");
        if (include != null && include.isArray()) entries.addAll((ArrayNode) include);
        entries.add(RESPONSES_LOGPROBS);
        upstream.put("top_logprobs", topLogprobs);
        return new Prepared(api, write(upstream), body, request, model.asText(), stream, true);
    }

    private static void requireBooleanOrNull(ObjectNode request, String field) {
        JsonNode v = request.get(field);
        if (v != null && !v.isNull() && !v.isBoolean()) throw new BadRequest(field, field + " must be a boolean");
    }

    /**
     * Whether an upstream error answers the logprobs the proxy added: reasoning models answer 400 (Responses:
     * {@code unsupported_parameter}) or 403 naming logprobs.
     */
    public static boolean refusesLogprobs(int status, byte[] body) {
        if (status != 400 && status != 403) return false;
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
        return text.contains("logprob");
    }

    /** The reply without the logprobs the proxy added; bytes that are not a JSON object pass unchanged. */
    public static byte[] stripLogprobs(Prepared prepared, byte[] reply) {
        JsonNode tree = readOrNull(reply);
        if (tree == null || !tree.isObject()) return reply;
        return strip(prepared, tree) ? write(tree) : reply;
    }

    /** Removes the added logprobs from a reply or one event's JSON in place; false when there were none. */
    static boolean strip(Prepared prepared, JsonNode tree) {
        if (prepared.api() == Api.CHAT) {
            boolean changed = false;
            for (JsonNode choice : tree.path("choices")) {
                if (choice instanceof ObjectNode o && o.has("logprobs")) {
                    o.putNull("logprobs");
                    changed = true;
                }
            }
            return changed;
        }
        boolean changed = emptyLogprobLists(tree);
        // the response object echoes top_logprobs, at the top of a reply or under "response" in a stream event
        for (JsonNode response : new JsonNode[]{tree, tree.path("response")}) {
            if (response instanceof ObjectNode o && "response".equals(o.path("object").asText()) && o.has("top_logprobs")) {
                JsonNode callers = prepared.request().get("top_logprobs");
                o.set("top_logprobs", callers == null ? o.numberNode(0) : callers.deepCopy());
                changed = true;
            }
        }
        return changed;
    }

    /** Every {@code logprobs} list anywhere in a Responses reply or event: output_text parts, delta and done events. */
    private static boolean emptyLogprobLists(JsonNode node) {
        boolean changed = false;
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("logprobs") && e.getValue().getNodeType() == JsonNodeType.ARRAY) {
                    if (!e.getValue().isEmpty()) {
                        ((ArrayNode) e.getValue()).removeAll();
                        changed = true;
                    }
                } else {
                    changed |= emptyLogprobLists(e.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) changed |= emptyLogprobLists(child);
        }
        return changed;
    }

    static JsonNode readOrNull(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON", e);
        }
    }
}
