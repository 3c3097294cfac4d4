package io.cpa.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI Responses API ({@code POST /v1/responses}): the request's parts the simulator uses, the response
 * object, and the events of a streamed response. The same engine answers it as it answers chat completions.
 */
final class ResponsesApi {

    static final String LOGPROBS_INCLUDE = "message.output_text.logprobs";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A parsed request with what the response echoes back. */
    record Parsed(SimulatorEngine.Request request, String instructions, JsonNode tools, JsonNode toolChoice,
                  Integer maxOutputTokens) {
    }

    private ResponsesApi() {
    }

    /** Throws IllegalArgumentException naming the bad field. */
    static Parsed parse(JsonNode body) {
        if (body == null || !body.isObject()) throw new IllegalArgumentException("request body must be a JSON object");
        JsonNode input = body.get("input");
        String userText = null;
        if (input == null || input.isNull()) throw new IllegalArgumentException("'input' is required: a string or a list of messages");
        if (input.isTextual()) {
            userText = input.asText();
        } else if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                JsonNode item = input.get(i);
                if (!item.isObject()) throw new IllegalArgumentException("input[" + i + "] must be an object");
                String type = item.path("type").asText("message");
                if (!type.equals("message")) continue; // function call outputs, reasoning items: context only
                if (!item.path("role").isTextual()) throw new IllegalArgumentException("input[" + i + "] needs a string 'role'");
                String text = SimulatorEngine.contentText(item.get("content"), "input[" + i + "].content");
                if (item.get("role").asText().equals("user")) userText = text;
            }
            if (userText == null) throw new IllegalArgumentException("'input' has no message with role 'user'");
        } else {
            throw new IllegalArgumentException("'input' must be a string or a list of messages");
        }
        boolean logprobs = false;
        JsonNode include = body.get("include");
        if (include != null && !include.isNull()) {
            if (!include.isArray()) throw new IllegalArgumentException("'include' must be an array of strings");
            for (JsonNode v : include) if (v.asText().equals(LOGPROBS_INCLUDE)) logprobs = true;
        }
        int top = 0;
        JsonNode topNode = body.get("top_logprobs");
        if (topNode != null && !topNode.isNull()) top = SimulatorEngine.topLogprobs(topNode);
        Integer maxTokens = SimulatorEngine.maxTokens(body.get("max_output_tokens"), "max_output_tokens");
        List<SimulatorEngine.Tool> tools = SimulatorEngine.tools(body.get("tools"));
        SimulatorEngine.ToolChoice choice = SimulatorEngine.toolChoice(body.get("tool_choice"), tools);
        JsonNode instructions = body.get("instructions");
        if (instructions != null && !instructions.isNull() && !instructions.isTextual()) {
            throw new IllegalArgumentException("'instructions' must be a string");
        }
        SimulatorEngine.Request request = new SimulatorEngine.Request(body.path("model").asText(""), userText, logprobs, top,
                maxTokens, body.path("stream").asBoolean(false), 1, tools, choice,
                SimulatorEngine.temperature(body.get("temperature")));
        return new Parsed(request, instructions == null || instructions.isNull() ? null : instructions.asText(),
                body.get("tools"), body.get("tool_choice"), maxTokens);
    }

    /** The response object; {@code inProgress} gives the empty shell of {@code response.created}. */
    static ObjectNode response(String id, long createdAt, String model, Parsed parsed, SimulatorEngine.Reply reply,
                               boolean inProgress) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id);
        root.put("object", "response");
        root.put("created_at", createdAt);
        String incomplete = incompleteReason(reply);
        root.put("status", inProgress ? "in_progress" : incomplete == null ? "completed" : "incomplete");
        root.putNull("error");
        if (!inProgress && incomplete != null) root.putObject("incomplete_details").put("reason", incomplete);
        else root.putNull("incomplete_details");
        root.put("instructions", parsed.instructions());
        if (parsed.maxOutputTokens() == null) root.putNull("max_output_tokens");
        else root.put("max_output_tokens", parsed.maxOutputTokens());
        root.put("model", model);
        ArrayNode output = root.putArray("output");
        if (!inProgress) output.add(item(id, reply, false));
        root.put("parallel_tool_calls", true);
        root.putNull("previous_response_id");
        root.putObject("reasoning").putNull("effort").putNull("summary");
        root.put("store", false);
        Double temperature = parsed.request().temperature();
        root.put("temperature", temperature == null ? 1.0 : temperature);
        root.putObject("text").putObject("format").put("type", "text");
        if (parsed.toolChoice() == null || parsed.toolChoice().isNull()) root.put("tool_choice", "auto");
        else root.set("tool_choice", parsed.toolChoice());
        if (parsed.tools() == null || parsed.tools().isNull()) root.putArray("tools");
        else root.set("tools", parsed.tools());
        root.put("top_p", 1.0);
        root.put("truncation", "disabled");
        if (inProgress) {
            root.putNull("usage");
        } else {
            ObjectNode usage = root.putObject("usage");
            usage.put("input_tokens", reply.promptTokens());
            usage.putObject("input_tokens_details").put("cached_tokens", 0).put("cache_write_tokens", 0);
            usage.put("output_tokens", reply.completionTokens());
            usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
            usage.put("total_tokens", reply.promptTokens() + reply.completionTokens());
        }
        root.putNull("user");
        root.putObject("metadata");
        return root;
    }

    private static String incompleteReason(SimulatorEngine.Reply reply) {
        return switch (reply.finishReason()) {
            case "length" -> "max_output_tokens";
            case "content_filter" -> "content_filter";
            default -> null;
        };
    }

    static String itemId(String responseId, SimulatorEngine.Reply reply) {
        String suffix = responseId.substring(responseId.indexOf('_') + 1);
        return (reply.kind() == SimulatorEngine.Kind.TOOL_CALLS ? "fc_" : "msg_") + suffix;
    }

    /** The output item: a {@code function_call}, or a {@code message} whose part is {@code output_text} or {@code refusal}. */
    static ObjectNode item(String responseId, SimulatorEngine.Reply reply, boolean added) {
        ObjectNode item = JSON.createObjectNode();
        if (reply.kind() == SimulatorEngine.Kind.TOOL_CALLS) {
            SimulatorEngine.ToolCall call = reply.toolCalls().get(0);
            item.put("type", "function_call");
            item.put("id", itemId(responseId, reply));
            item.put("call_id", call.id());
            item.put("name", call.name());
            item.put("arguments", added ? "" : call.arguments());
            item.put("status", added ? "in_progress" : "completed");
            return item;
        }
        item.put("type", "message");
        item.put("id", itemId(responseId, reply));
        item.put("status", added ? "in_progress" : incompleteReason(reply) == null ? "completed" : "incomplete");
        item.put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (!added) content.add(part(reply, false));
        return item;
    }

    /** The content part; {@code empty} gives it as {@code response.content_part.added} announces it. */
    static ObjectNode part(SimulatorEngine.Reply reply, boolean empty) {
        ObjectNode part = JSON.createObjectNode();
        if (reply.kind() == SimulatorEngine.Kind.REFUSAL) {
            part.put("type", "refusal");
            part.put("refusal", empty ? "" : reply.refusal());
            return part;
        }
        part.put("type", "output_text");
        part.putArray("annotations");
        ArrayNode logprobs = part.putArray("logprobs");
        part.put("text", empty ? "" : reply.content());
        if (!empty) ChatJson.tokens(logprobs, reply.tokens(), true);
        return part;
    }

    /** The events of a streamed response, each {@code {type, sequence_number, ...}}, in order. */
    static List<ObjectNode> events(String id, long createdAt, String model, Parsed parsed, SimulatorEngine.Reply reply) {
        Events ev = new Events();
        ev.add("response.created").set("response", response(id, createdAt, model, parsed, reply, true));
        ev.add("response.in_progress").set("response", response(id, createdAt, model, parsed, reply, true));
        String itemId = itemId(id, reply);
        ObjectNode added = ev.add("response.output_item.added").put("output_index", 0);
        added.set("item", item(id, reply, true));
        if (reply.kind() == SimulatorEngine.Kind.TOOL_CALLS) {
            String args = reply.toolCalls().get(0).arguments();
            for (int from = 0; from < args.length(); from += 16) {
                ev.add("response.function_call_arguments.delta").put("item_id", itemId).put("output_index", 0)
                        .put("delta", args.substring(from, Math.min(args.length(), from + 16)));
            }
            ev.add("response.function_call_arguments.done").put("item_id", itemId).put("output_index", 0)
                    .put("arguments", args);
        } else {
            ObjectNode partAdded = ev.add("response.content_part.added").put("item_id", itemId).put("output_index", 0)
                    .put("content_index", 0);
            partAdded.set("part", part(reply, true));
            boolean refusal = reply.kind() == SimulatorEngine.Kind.REFUSAL;
            String text = refusal ? reply.refusal() : reply.content();
            List<String> pieces = new ArrayList<>();
            if (!refusal && reply.tokens() != null) {
                for (GeneratedToken t : reply.tokens()) pieces.add(t.token());
            } else {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*\\S+").matcher(text);
                while (m.find()) pieces.add(m.group());
            }
            for (int i = 0; i < pieces.size(); i++) {
                ObjectNode delta = ev.add(refusal ? "response.refusal.delta" : "response.output_text.delta")
                        .put("item_id", itemId).put("output_index", 0).put("content_index", 0).put("delta", pieces.get(i));
                if (!refusal) {
                    ArrayNode lp = delta.putArray("logprobs");
                    if (reply.tokens() != null) ChatJson.tokens(lp, List.of(reply.tokens().get(i)), false);
                }
            }
            ObjectNode done = ev.add(refusal ? "response.refusal.done" : "response.output_text.done")
                    .put("item_id", itemId).put("output_index", 0).put("content_index", 0);
            if (refusal) {
                done.put("refusal", text);
            } else {
                done.put("text", text);
                ChatJson.tokens(done.putArray("logprobs"), reply.tokens(), false);
            }
            ObjectNode partDone = ev.add("response.content_part.done").put("item_id", itemId).put("output_index", 0)
                    .put("content_index", 0);
            partDone.set("part", part(reply, false));
        }
        ObjectNode itemDone = ev.add("response.output_item.done").put("output_index", 0);
        itemDone.set("item", item(id, reply, false));
        ObjectNode full = response(id, createdAt, model, parsed, reply, false);
        ev.add(full.get("status").asText().equals("incomplete") ? "response.incomplete" : "response.completed").set("response", full);
        return ev.list;
    }

    private static final class Events {
        final List<ObjectNode> list = new ArrayList<>();

        ObjectNode add(String type) {
            ObjectNode e = JSON.createObjectNode();
            e.put("type", type);
            e.put("sequence_number", list.size());
            list.add(e);
            return e;
        }
    }
}
