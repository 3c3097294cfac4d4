package io.cpa.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Arguments of a simulated function call: a JSON object with a value for each required property of the function's
 * parameter schema (every property when none is marked required), typed after the schema: an {@code enum} member, a
 * number, a boolean, an array of one item, a nested object, or a string taken from the user's words.
 */
final class ToolArguments {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 4;

    private ToolArguments() {
    }

    static String generate(JsonNode schema, String userText, SplittableRandom rng) {
        List<String> words = new ArrayList<>();
        for (String w : userText.split("[^\\p{L}\\p{N}]+")) if (w.length() > 2 && !w.equals("refuse")) words.add(w);
        JsonNode value = value(schema, words, rng, 0);
        ObjectNode args = value instanceof ObjectNode o ? o : JSON.createObjectNode();
        return args.toString();
    }

    private static JsonNode value(JsonNode schema, List<String> words, SplittableRandom rng, int depth) {
        if (schema == null || !schema.isObject()) return JSON.createObjectNode();
        JsonNode options = schema.get("enum");
        if (options != null && options.isArray() && !options.isEmpty()) return options.get(rng.nextInt(options.size()));
        String type = schema.path("type").isTextual() ? schema.path("type").asText()
                : schema.path("type").isArray() && !schema.path("type").isEmpty() ? schema.path("type").get(0).asText()
                : schema.has("properties") ? "object" : "string";
        return switch (type) {
            case "integer" -> JSON.getNodeFactory().numberNode(1 + rng.nextInt(100));
            case "number" -> JSON.getNodeFactory().numberNode(Math.round(rng.nextDouble() * 10000) / 100.0);
            case "boolean" -> JSON.getNodeFactory().booleanNode(rng.nextBoolean());
            case "array" -> {
                ArrayNode a = JSON.createArrayNode();
                if (depth < MAX_DEPTH) a.add(value(schema.get("items"), words, rng, depth + 1));
                yield a;
            }
            case "object" -> {
                ObjectNode o = JSON.createObjectNode();
                JsonNode props = schema.path("properties");
                JsonNode required = schema.get("required");
                if (depth < MAX_DEPTH && props.isObject()) {
                    props.fields().forEachRemaining(e -> {
                        boolean wanted = required == null || !required.isArray() || contains(required, e.getKey());
                        if (wanted) o.set(e.getKey(), value(e.getValue(), words, rng, depth + 1));
                    });
                }
                yield o;
            }
            case "null" -> JSON.nullNode();
            default -> JSON.getNodeFactory().textNode(words.isEmpty() ? "example" : words.get(rng.nextInt(words.size())));
        };
    }

    private static boolean contains(JsonNode array, String key) {
        for (JsonNode k : array) if (k.asText().equals(key)) return true;
        return false;
    }
}
