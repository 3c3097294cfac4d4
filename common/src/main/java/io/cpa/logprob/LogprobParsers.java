package io.cpa.logprob;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the token logprobs of every endpoint shape in docs/endpoints.md into the canonical {@link TokenLogprobs}.
 *
 * <p>Value rules, the same for every shape:
 * <ul>
 *   <li>A sentinel ({@code -9999.0} or anything at or below {@value #SENTINEL_THRESHOLD}, which includes llama.cpp's
 *       lowest float {@code -3.4028234663852886E38}, and {@code -Infinity}) means "not in top-k": it becomes
 *       {@code logprob = null} and is counted in {@code sentinelHits}; it is never turned into a probability.</li>
 *   <li>An explicit JSON {@code null} value is read the same way (llama.cpp serialises {@code log(0) = -inf} as
 *       {@code null}; legacy completions give {@code null} for an echoed first prompt token).</li>
 *   <li>A linear probability ({@code prob}, llama.cpp {@code post_sampling_probs}) is converted to ln p;
 *       {@code p = 0} is "not in top-k" and handled like a sentinel.</li>
 *   <li>NaN, a positive logprob (above {@value #POSITIVE_TOLERANCE}) or a probability outside [0, 1] is an
 *       {@link IllegalArgumentException} naming the token index and the field. Positive values up to the tolerance
 *       are float rounding of ln 1 and read as 0.</li>
 *   <li>A value field that is absent altogether is an {@link IllegalArgumentException}: the entry is malformed.</li>
 * </ul>
 *
 * <p>Missing logprobs: a response of the right shape that carries no logprobs (logprobs off, refused, or an empty
 * {@code content}) gives an <em>empty</em> record ({@link TokenLogprobs#isEmpty()}), so that the caller can publish
 * the answer with {@code confidence_source = none}. A response that is not of the expected shape at all (no
 * {@code choices}, not an object) is an {@link IllegalArgumentException}.
 *
 * <p>Value mode: llama.cpp ({@code /completion}, and {@code /v1} entries recognisable by their token {@code id}) gives
 * {@link ValueMode#RAW} (before sampling), or {@link ValueMode#POST_SAMPLING} for linear {@code prob} values. vLLM's
 * default is raw too, but the server's {@code --logprobs-mode} is not echoed in the response, so a plain OpenAI-shaped
 * response is {@link ValueMode#UNKNOWN}; a caller that knows its server passes the mode explicitly
 * ({@link #openAiChat(JsonNode, ValueMode)}).
 */
public final class LogprobParsers {
    /** Values at or below this are sentinels: OpenAI/vLLM use -9999.0, llama.cpp the lowest float. */
    public static final double SENTINEL_THRESHOLD = -9999.0;
    /** Positive logprobs up to this are rounding of ln 1; larger ones are invalid. */
    public static final double POSITIVE_TOLERANCE = 1e-6;

    private LogprobParsers() {}

    // ---------------------------------------------------------------- detection and dispatch

    /** The shape of a response (or of one streamed chunk), {@link EndpointKind#UNKNOWN} when none fits. */
    public static EndpointKind detect(JsonNode response) {
        if (response == null || !response.isObject()) return EndpointKind.UNKNOWN;
        String object = response.path("object").asText("");
        if (object.equals("chat.completion.chunk")) return EndpointKind.OPENAI_CHAT_STREAM;
        if (object.equals("chat.completion")) return EndpointKind.OPENAI_CHAT;
        if (object.equals("text_completion")) return EndpointKind.OPENAI_COMPLETIONS;
        if (object.equals("response")) return EndpointKind.OPENAI_RESPONSES;
        if (response.path("type").asText("").startsWith("response.")) return EndpointKind.OPENAI_RESPONSES_STREAM;
        if (response.has("completion_probabilities")) return EndpointKind.LLAMACPP_COMPLETION;
        JsonNode choices = response.get("choices");
        if (choices != null && choices.isArray()) {
            JsonNode first = choices.size() > 0 ? choices.get(0) : null;
            if (first == null) return EndpointKind.UNKNOWN;
            if (first.has("delta")) return EndpointKind.OPENAI_CHAT_STREAM;
            if (first.has("message") || first.path("logprobs").has("content")) return EndpointKind.OPENAI_CHAT;
            if (first.has("text") || first.path("logprobs").has("tokens")) return EndpointKind.OPENAI_COMPLETIONS;
            return EndpointKind.UNKNOWN;
        }
        boolean ollamaBody = response.has("done") && (response.has("message") || response.has("response"));
        if (ollamaBody || response.path("logprobs").isArray()) return EndpointKind.OLLAMA_NATIVE;
        // llama.cpp /completion without n_probs: no completion_probabilities, but its own fields
        if (response.has("content") && (response.has("tokens_predicted") || response.has("generation_settings"))) {
            return EndpointKind.LLAMACPP_COMPLETION;
        }
        return EndpointKind.UNKNOWN;
    }

    /** Parses a complete (non-streamed) response or a single streamed chunk, auto-detecting its shape. */
    public static TokenLogprobs parse(JsonNode response) {
        return switch (detect(response)) {
            case OPENAI_CHAT -> openAiChat(response);
            case OPENAI_CHAT_STREAM -> openAiChatStream(List.of(response));
            case OPENAI_COMPLETIONS -> openAiCompletions(response);
            case OPENAI_RESPONSES -> openAiResponses(response);
            case OPENAI_RESPONSES_STREAM -> openAiResponsesStream(List.of(response));
            case LLAMACPP_COMPLETION -> llamaCppCompletion(response);
            case OLLAMA_NATIVE -> ollamaNative(response);
            case UNKNOWN -> throw new IllegalArgumentException("unrecognised response shape: no choices, "
                    + "completion_probabilities or top-level logprobs (fields: " + fieldNames(response) + ")");
        };
    }

    /**
     * Parses the chunks of one streamed response: OpenAI {@code chat.completion.chunk}s, Responses API events or Ollama
     * native chunks.
     */
    public static TokenLogprobs parseStream(List<JsonNode> chunks) {
        for (JsonNode chunk : chunks) {
            EndpointKind kind = detect(chunk);
            if (kind == EndpointKind.OPENAI_RESPONSES_STREAM || kind == EndpointKind.OPENAI_RESPONSES) return openAiResponsesStream(chunks);
            if (kind == EndpointKind.OPENAI_CHAT_STREAM || kind == EndpointKind.OPENAI_CHAT) return openAiChatStream(chunks);
            if (kind == EndpointKind.OLLAMA_NATIVE) return ollamaNativeStream(chunks);
            if (kind != EndpointKind.UNKNOWN) {
                throw new IllegalArgumentException("a stream of " + kind + " chunks is not supported");
            }
        }
        throw new IllegalArgumentException("unrecognised stream: no chunk is an OpenAI chat chunk or an Ollama chunk");
    }

    // ---------------------------------------------------------------- OpenAI chat (also vLLM, llama.cpp /v1, Ollama /v1)

    /** {@code choices[0].logprobs.content[]}; mode RAW when entries carry llama.cpp's token {@code id}, else UNKNOWN. */
    public static TokenLogprobs openAiChat(JsonNode response) {
        return openAiChat(response, null);
    }

    /**
     * As {@link #openAiChat(JsonNode)}, with the value mode the caller knows from its server configuration (e.g. RAW
     * for a vLLM server on its default {@code --logprobs-mode}); {@code null} means infer.
     */
    public static TokenLogprobs openAiChat(JsonNode response, ValueMode knownMode) {
        JsonNode choice = firstChoice(response, "choices");
        Reader reader = new Reader();
        JsonNode content = choice.path("logprobs").path("content");
        if (content.isArray()) reader.readEntries(content, "choices[0].logprobs.content");
        return reader.result(EndpointKind.OPENAI_CHAT, knownMode);
    }

    /**
     * The logprobs of the choice with {@code index = choiceIndex} of a reply with several ({@code n > 1}); an
     * {@link IllegalArgumentException} when the reply has no such choice.
     */
    public static TokenLogprobs openAiChat(JsonNode response, int choiceIndex) {
        if (response == null || !response.isObject()) throw new IllegalArgumentException("response: not a JSON object");
        JsonNode choices = response.path("choices");
        if (!choices.isArray()) throw new IllegalArgumentException("field choices: expected an array");
        for (int i = 0; i < choices.size(); i++) {
            JsonNode choice = choices.get(i);
            if (choice.path("index").asInt(i) != choiceIndex) continue;
            Reader reader = new Reader();
            JsonNode content = choice.path("logprobs").path("content");
            if (content.isArray()) reader.readEntries(content, "choices[" + i + "].logprobs.content");
            return reader.result(EndpointKind.OPENAI_CHAT, null);
        }
        throw new IllegalArgumentException("field choices: no choice with index " + choiceIndex);
    }

    /** Collects {@code choices[index 0].logprobs.content[]} across {@code chat.completion.chunk}s, in order. */
    public static TokenLogprobs openAiChatStream(List<JsonNode> chunks) {
        return openAiChatStream(chunks, 0);
    }

    /** Collects {@code choices[index = choiceIndex].logprobs.content[]} across {@code chat.completion.chunk}s, in order. */
    public static TokenLogprobs openAiChatStream(List<JsonNode> chunks, int choiceIndex) {
        Reader reader = new Reader();
        for (int c = 0; c < chunks.size(); c++) {
            JsonNode chunk = chunks.get(c);
            if (chunk == null || !chunk.isObject()) {
                throw new IllegalArgumentException("chunk " + c + ": not a JSON object");
            }
            JsonNode choices = chunk.path("choices");
            // the final usage chunk has an empty choices array
            for (JsonNode choice : choices) {
                if (choice.path("index").asInt(0) != choiceIndex) continue;
                JsonNode content = choice.path("logprobs").path("content");
                if (content.isArray()) reader.readEntries(content, "chunk " + c + " choices[" + choiceIndex + "].logprobs.content");
            }
        }
        return reader.result(EndpointKind.OPENAI_CHAT_STREAM, null);
    }

    // ---------------------------------------------------------------- OpenAI Responses API

    /**
     * A Responses API reply: the {@code logprobs[]} of every {@code output_text} part of every {@code message} item of
     * {@code output[]}, in order ({@code {token, bytes, logprob, top_logprobs[]}}). Without
     * {@code include: ["message.output_text.logprobs"]} the lists are empty and so is the record.
     */
    public static TokenLogprobs openAiResponses(JsonNode response) {
        if (response == null || !response.isObject()) throw new IllegalArgumentException("response: not a JSON object");
        JsonNode output = response.get("output");
        if (output == null || !output.isArray()) throw new IllegalArgumentException("field output: expected an array");
        Reader reader = new Reader();
        for (int i = 0; i < output.size(); i++) {
            JsonNode item = output.get(i);
            if (!"message".equals(item.path("type").asText())) continue;
            JsonNode content = item.path("content");
            for (int j = 0; j < content.size(); j++) {
                JsonNode part = content.get(j);
                if (!"output_text".equals(part.path("type").asText())) continue;
                JsonNode lp = part.path("logprobs");
                String at = "output[" + i + "].content[" + j + "].logprobs";
                if (lp.isArray()) reader.readEntries(lp, at);
                else if (!lp.isMissingNode() && !lp.isNull()) throw new IllegalArgumentException("field " + at + ": expected an array");
            }
        }
        return reader.result(EndpointKind.OPENAI_RESPONSES, null);
    }

    /**
     * The events of a streamed Responses reply (each event's JSON data). The {@code response.output_text.delta}
     * events carry the logprobs of their delta; they are joined per text part, keyed by
     * {@code (item_id, output_index, content_index)}, each part's deltas in {@code sequence_number} order and the
     * parts in output order. When no delta carries logprobs, those of the whole response in
     * {@code response.completed} (or {@code response.incomplete}) are read instead.
     */
    public static TokenLogprobs openAiResponsesStream(List<JsonNode> events) {
        record Delta(String item, int output, int content, long sequence, int position, JsonNode logprobs) {}
        List<Delta> deltas = new ArrayList<>();
        JsonNode completed = null;
        for (int e = 0; e < events.size(); e++) {
            JsonNode event = events.get(e);
            if (event == null || !event.isObject()) throw new IllegalArgumentException("event " + e + ": not a JSON object");
            String type = event.path("type").asText("");
            if (type.equals("response.output_text.delta")) {
                JsonNode lp = event.path("logprobs");
                if (lp.isMissingNode() || lp.isNull()) continue;
                if (!lp.isArray()) throw new IllegalArgumentException("event " + e + ": field logprobs: expected an array");
                deltas.add(new Delta(event.path("item_id").asText(""), event.path("output_index").asInt(0),
                        event.path("content_index").asInt(0), event.path("sequence_number").asLong(e), e, lp));
            } else if ((type.equals("response.completed") || type.equals("response.incomplete")) && event.path("response").isObject()) {
                completed = event.get("response");
            } else if (type.isEmpty() && "response".equals(event.path("object").asText())) {
                completed = event;
            }
        }
        boolean anyDeltaLogprobs = deltas.stream().anyMatch(d -> !d.logprobs().isEmpty());
        if (!anyDeltaLogprobs && completed != null) {
            TokenLogprobs whole = openAiResponses(completed);
            return new TokenLogprobs(EndpointKind.OPENAI_RESPONSES_STREAM, whole.mode(), whole.tokens(), whole.sentinelHits(), whole.topK());
        }
        deltas.sort(java.util.Comparator.comparingInt(Delta::output).thenComparingInt(Delta::content).thenComparing(Delta::item)
                .thenComparingLong(Delta::sequence).thenComparingInt(Delta::position));
        Reader reader = new Reader();
        for (Delta d : deltas) {
            reader.readEntries(d.logprobs(), "event " + d.position() + " (sequence_number " + d.sequence() + ") logprobs");
        }
        return reader.result(EndpointKind.OPENAI_RESPONSES_STREAM, null);
    }

    // ---------------------------------------------------------------- legacy completions

    /** {@code choices[0].logprobs = {tokens[], token_logprobs[], top_logprobs: [{token: logprob}]}}, mode UNKNOWN. */
    public static TokenLogprobs openAiCompletions(JsonNode response) {
        JsonNode choice = firstChoice(response, "choices");
        Reader reader = new Reader();
        JsonNode lp = choice.path("logprobs");
        if (!lp.isObject()) return reader.result(EndpointKind.OPENAI_COMPLETIONS, null);
        JsonNode tokens = lp.path("tokens");
        JsonNode values = lp.path("token_logprobs");
        JsonNode tops = lp.path("top_logprobs");
        if (!tokens.isArray()) throw new IllegalArgumentException("field choices[0].logprobs.tokens: expected an array");
        if (!values.isArray() || values.size() != tokens.size()) {
            throw new IllegalArgumentException("field choices[0].logprobs.token_logprobs: expected an array of "
                    + tokens.size() + " values like tokens");
        }
        if (!tops.isMissingNode() && !tops.isNull() && (!tops.isArray() || tops.size() != tokens.size())) {
            throw new IllegalArgumentException("field choices[0].logprobs.top_logprobs: expected an array of "
                    + tokens.size() + " objects like tokens");
        }
        for (int i = 0; i < tokens.size(); i++) {
            String path = "choices[0].logprobs";
            JsonNode tokenNode = tokens.get(i);
            if (!tokenNode.isTextual()) throw new IllegalArgumentException("token " + i + ": field " + path + ".tokens[" + i + "]: expected a string");
            Double value = reader.logValue(values.get(i), i, path + ".token_logprobs[" + i + "]");
            List<TopLogprob> alternatives = new ArrayList<>();
            JsonNode top = tops.isArray() ? tops.get(i) : null;
            if (top != null && !top.isNull()) {
                if (!top.isObject()) throw new IllegalArgumentException("token " + i + ": field " + path + ".top_logprobs[" + i + "]: expected an object");
                Iterator<Map.Entry<String, JsonNode>> it = top.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Double alt = reader.logValue(e.getValue(), i, path + ".top_logprobs[" + i + "][" + e.getKey() + "]");
                    alternatives.add(new TopLogprob(e.getKey(), null, null, alt));
                }
            }
            reader.add(new TokenLogprob(tokenNode.asText(), null, null, value, alternatives));
        }
        return reader.result(EndpointKind.OPENAI_COMPLETIONS, null);
    }

    // ---------------------------------------------------------------- llama.cpp native

    /**
     * llama.cpp {@code /completion} with {@code n_probs}: {@code completion_probabilities[]} of
     * {@code {id, token, bytes, logprob, top_logprobs[]}} (mode RAW), or with {@code post_sampling_probs}
     * {@code {id, token, bytes, prob, top_probs[]}} (mode POST_SAMPLING, converted to ln p).
     */
    public static TokenLogprobs llamaCppCompletion(JsonNode response) {
        if (response == null || !response.isObject()) throw new IllegalArgumentException("response: not a JSON object");
        Reader reader = new Reader();
        JsonNode probs = response.path("completion_probabilities");
        if (probs.isArray()) reader.readEntries(probs, "completion_probabilities");
        else if (!probs.isMissingNode() && !probs.isNull()) {
            throw new IllegalArgumentException("field completion_probabilities: expected an array");
        }
        return reader.result(EndpointKind.LLAMACPP_COMPLETION, null);
    }

    // ---------------------------------------------------------------- Ollama native

    /** Ollama {@code /api/chat} or {@code /api/generate} (non-streamed, or one chunk): top-level {@code logprobs[]}. */
    public static TokenLogprobs ollamaNative(JsonNode responseOrFinalObject) {
        return ollamaNativeStream(List.of(responseOrFinalObject));
    }

    /** Collects the top-level {@code logprobs[]} of each streamed Ollama chunk, in order. */
    public static TokenLogprobs ollamaNativeStream(List<JsonNode> chunks) {
        Reader reader = new Reader();
        for (int c = 0; c < chunks.size(); c++) {
            JsonNode chunk = chunks.get(c);
            if (chunk == null || !chunk.isObject()) throw new IllegalArgumentException("chunk " + c + ": not a JSON object");
            JsonNode lp = chunk.path("logprobs");
            if (lp.isArray()) reader.readEntries(lp, chunks.size() == 1 ? "logprobs" : "chunk " + c + " logprobs");
            else if (!lp.isMissingNode() && !lp.isNull()) {
                throw new IllegalArgumentException("chunk " + c + ": field logprobs: expected an array");
            }
        }
        return reader.result(EndpointKind.OLLAMA_NATIVE, null);
    }

    // ---------------------------------------------------------------- shared reading

    private static JsonNode firstChoice(JsonNode response, String field) {
        if (response == null || !response.isObject()) throw new IllegalArgumentException("response: not a JSON object");
        JsonNode choices = response.get(field);
        if (choices == null || !choices.isArray()) throw new IllegalArgumentException("field " + field + ": expected an array");
        if (choices.isEmpty()) throw new IllegalArgumentException("field " + field + ": empty, no answer to read");
        for (JsonNode choice : choices) {
            if (choice.path("index").asInt(0) == 0) return choice;
        }
        return choices.get(0);
    }

    private static String fieldNames(JsonNode node) {
        if (node == null || !node.isObject()) return "not an object";
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    /** Accumulates tokens of one response (possibly over several chunks), counting sentinels and the widest top-k. */
    private static final class Reader {
        private final List<TokenLogprob> tokens = new ArrayList<>();
        private int sentinels;
        private int topK;
        private boolean sawTokenIds;
        private boolean sawLinear;

        void add(TokenLogprob token) {
            tokens.add(token);
            topK = Math.max(topK, token.topLogprobs().size());
        }

        /** Reads an array of {token, id?, bytes?, logprob|prob, top_logprobs|top_probs} entries. */
        void readEntries(JsonNode entries, String path) {
            for (int k = 0; k < entries.size(); k++) {
                int index = tokens.size();
                String at = path + "[" + k + "]";
                JsonNode entry = entries.get(k);
                if (!entry.isObject()) throw new IllegalArgumentException("token " + index + ": field " + at + ": expected an object");
                String token = text(entry, index, at);
                Integer id = tokenId(entry, index, at);
                List<Integer> bytes = bytes(entry, index, at);
                Double value = entryValue(entry, index, at);
                List<TopLogprob> alternatives = new ArrayList<>();
                JsonNode top = entry.has("top_logprobs") ? entry.get("top_logprobs") : entry.get("top_probs");
                String topField = entry.has("top_logprobs") ? "top_logprobs" : "top_probs";
                if (top != null && !top.isNull()) {
                    if (!top.isArray()) throw new IllegalArgumentException("token " + index + ": field " + at + "." + topField + ": expected an array");
                    for (int j = 0; j < top.size(); j++) {
                        String altAt = at + "." + topField + "[" + j + "]";
                        JsonNode alt = top.get(j);
                        if (!alt.isObject()) throw new IllegalArgumentException("token " + index + ": field " + altAt + ": expected an object");
                        alternatives.add(new TopLogprob(text(alt, index, altAt), tokenId(alt, index, altAt),
                                bytes(alt, index, altAt), entryValue(alt, index, altAt)));
                    }
                }
                add(new TokenLogprob(token, id, bytes, value, alternatives));
            }
        }

        private String text(JsonNode entry, int index, String at) {
            JsonNode t = entry.get("token");
            if (t == null || !t.isTextual()) throw new IllegalArgumentException("token " + index + ": field " + at + ".token: expected a string");
            return t.asText();
        }

        private Integer tokenId(JsonNode entry, int index, String at) {
            JsonNode id = entry.get("id");
            if (id == null || id.isNull()) return null;
            if (!id.canConvertToInt()) throw new IllegalArgumentException("token " + index + ": field " + at + ".id: expected an integer");
            sawTokenIds = true;
            return id.asInt();
        }

        private List<Integer> bytes(JsonNode entry, int index, String at) {
            JsonNode b = entry.get("bytes");
            if (b == null || b.isNull()) return null;
            if (!b.isArray()) throw new IllegalArgumentException("token " + index + ": field " + at + ".bytes: expected an array");
            List<Integer> out = new ArrayList<>(b.size());
            for (JsonNode v : b) {
                if (!v.canConvertToInt()) throw new IllegalArgumentException("token " + index + ": field " + at + ".bytes: expected integers");
                out.add(v.asInt());
            }
            return out;
        }

        private Double entryValue(JsonNode entry, int index, String at) {
            if (entry.has("logprob")) return logValue(entry.get("logprob"), index, at + ".logprob");
            if (entry.has("prob")) {
                sawLinear = true;
                return linearValue(entry.get("prob"), index, at + ".prob");
            }
            throw new IllegalArgumentException("token " + index + ": field " + at + ".logprob: missing");
        }

        /** ln p, or null for a sentinel / JSON null (counted). */
        Double logValue(JsonNode node, int index, String field) {
            if (node == null || node.isNull()) {
                sentinels++;
                return null;
            }
            double v = number(node, index, field);
            if (Double.isNaN(v)) throw new IllegalArgumentException("token " + index + ": field " + field + ": NaN");
            if (v <= SENTINEL_THRESHOLD) {
                sentinels++;
                return null;
            }
            if (v > POSITIVE_TOLERANCE) {
                throw new IllegalArgumentException("token " + index + ": field " + field + ": positive logprob " + v);
            }
            return v > 0 ? 0.0 : v;
        }

        private Double linearValue(JsonNode node, int index, String field) {
            if (node == null || node.isNull()) {
                sentinels++;
                return null;
            }
            double p = number(node, index, field);
            if (Double.isNaN(p)) throw new IllegalArgumentException("token " + index + ": field " + field + ": NaN");
            if (p < 0 || p > 1 + POSITIVE_TOLERANCE) {
                throw new IllegalArgumentException("token " + index + ": field " + field + ": probability outside [0,1]: " + p);
            }
            if (p == 0) {
                sentinels++;
                return null;
            }
            return p >= 1 ? 0.0 : Math.log(p);
        }

        private static double number(JsonNode node, int index, String field) {
            if (node.isNumber()) return node.asDouble();
            if (node.isTextual()) {
                // some servers write non-finite floats as strings
                switch (node.asText().trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "-infinity", "-inf" -> { return Double.NEGATIVE_INFINITY; }
                    case "nan" -> { return Double.NaN; }
                    case "infinity", "inf", "+infinity", "+inf" -> { return Double.POSITIVE_INFINITY; }
                    default -> { }
                }
            }
            throw new IllegalArgumentException("token " + index + ": field " + field + ": expected a number, got " + node);
        }

        TokenLogprobs result(EndpointKind endpoint, ValueMode knownMode) {
            ValueMode mode;
            if (knownMode != null) mode = knownMode;
            else if (sawLinear) mode = ValueMode.POST_SAMPLING;
            else if (endpoint == EndpointKind.LLAMACPP_COMPLETION || sawTokenIds) mode = ValueMode.RAW;
            else mode = ValueMode.UNKNOWN;
            if (tokens.isEmpty() && knownMode == null) mode = ValueMode.UNKNOWN;
            return new TokenLogprobs(endpoint, mode, tokens, sentinels, topK);
        }
    }
}
