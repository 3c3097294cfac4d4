package io.cpa.answer.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * The request and reply rewriting of the proxy, as plain functions. The caller's bytes are forwarded unchanged
 * when the caller asked for logprobs itself. Otherwise the proxy adds {@code logprobs} and {@code top_logprobs} to
 * the request and removes {@code choices[].logprobs} from the reply, which is then re-serialised: the only case in
 * which the caller does not get the upstream's bytes (same fields in the same order and numbers with the same digits,
 * but whitespace may differ and an exponent may be written out).
 */
public final class ChatExchange {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private ChatExchange() {}

    /**
     * @param upstreamBody what to send upstream
     * @param request      the caller's request as JSON
     * @param stream       the caller asked for server-sent events
     * @param strip        the proxy asked for logprobs the caller did not, so they must be removed from the reply
     */
    public record Prepared(byte[] upstreamBody, ObjectNode request, boolean stream, boolean strip) {}

    /** Reads the caller's body; fails with IllegalArgumentException when it is not a JSON object. */
    public static Prepared prepare(byte[] body, int topLogprobs) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("request body is not JSON");
        }
        if (tree == null || !tree.isObject()) throw new IllegalArgumentException("request body is not a JSON object");
        ObjectNode request = (ObjectNode) tree;
        boolean stream = request.path("stream").asBoolean(false);
        if (request.path("logprobs").asBoolean(false)) return new Prepared(body, request, stream, false);
        ObjectNode upstream = request.deepCopy();
        upstream.put("logprobs", true);
        upstream.put("top_logprobs", topLogprobs);
        return new Prepared(write(upstream), request, stream, true);
    }

    /** The request without the logprobs the proxy added, for an upstream that refuses them. */
    public static byte[] withoutLogprobs(ObjectNode request) {
        ObjectNode copy = request.deepCopy();
        copy.remove("logprobs");
        copy.remove("top_logprobs");
        return write(copy);
    }

    /** The reply without {@code choices[].logprobs}; bytes that are not a JSON object pass unchanged. */
    public static byte[] stripLogprobs(byte[] reply) {
        JsonNode tree = readOrNull(reply);
        if (tree == null || !tree.isObject()) return reply;
        stripLogprobs(tree);
        return write(tree);
    }

    static void stripLogprobs(JsonNode tree) {
        for (JsonNode choice : tree.path("choices")) {
            if (choice instanceof ObjectNode o) o.remove("logprobs");
        }
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

    /** The text of the last user message: a string content, or the text parts of a content array joined. */
    public static String lastUserText(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if (!"user".equals(m.path("role").asText())) continue;
            JsonNode content = m.path("content");
            if (content.isTextual()) return content.asText();
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                    if (!sb.isEmpty()) sb.append('\n');
                    sb.append(part.path("text").asText());
                }
            }
            return sb.toString();
        }
        return null;
    }
}
