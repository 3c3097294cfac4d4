package io.cpa.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JSON shapes of OpenAI chat completions and their stream chunks, for every kind of choice. */
final class ChatJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PIECE = Pattern.compile("\\s*\\S+");
    /** Tool call arguments stream in pieces of this many characters, as OpenAI sends them in several deltas. */
    private static final int ARGUMENT_PIECE = 16;

    private ChatJson() {
    }

    static ObjectNode completion(String id, long created, String model, List<SimulatorEngine.Reply> replies, boolean logprobs) {
        ObjectNode root = header(id, "chat.completion", created, model);
        ArrayNode choices = root.putArray("choices");
        for (int i = 0; i < replies.size(); i++) {
            SimulatorEngine.Reply reply = replies.get(i);
            ObjectNode choice = choices.addObject();
            choice.put("index", i);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", reply.content());
            message.put("refusal", reply.refusal());
            if (!reply.toolCalls().isEmpty()) {
                ArrayNode calls = message.putArray("tool_calls");
                for (SimulatorEngine.ToolCall c : reply.toolCalls()) {
                    ObjectNode call = calls.addObject();
                    call.put("id", c.id());
                    call.put("type", "function");
                    call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
                }
            }
            if (logprobs) logprobs(choice.putObject("logprobs"), reply, reply.tokens());
            else choice.putNull("logprobs");
            choice.put("finish_reason", reply.finishReason());
        }
        usage(root.putObject("usage"), replies);
        return root;
    }

    /** The chunks of a streamed completion: per choice a role chunk, its deltas and its finish chunk, then usage. */
    static List<ObjectNode> chunks(String id, long created, String model, List<SimulatorEngine.Reply> replies,
                                   boolean logprobs, boolean includeUsage) {
        List<ObjectNode> chunks = new ArrayList<>();
        for (int index = 0; index < replies.size(); index++) {
            SimulatorEngine.Reply reply = replies.get(index);
            ObjectNode first = chunk(chunks, id, created, model, index);
            ObjectNode delta = first.putObject("delta").put("role", "assistant");
            if (reply.kind() == SimulatorEngine.Kind.TOOL_CALLS) {
                delta.putNull("content");
                ArrayNode calls = delta.putArray("tool_calls");
                for (int c = 0; c < reply.toolCalls().size(); c++) {
                    SimulatorEngine.ToolCall call = reply.toolCalls().get(c);
                    ObjectNode n = calls.addObject().put("index", c).put("id", call.id()).put("type", "function");
                    n.putObject("function").put("name", call.name()).put("arguments", "");
                }
            } else if (reply.kind() == SimulatorEngine.Kind.REFUSAL) {
                delta.putNull("content");
                delta.put("refusal", "");
            } else {
                delta.put("content", "");
                delta.putNull("refusal");
            }
            first.putNull("logprobs");
            first.putNull("finish_reason");
            if (reply.kind() == SimulatorEngine.Kind.TOOL_CALLS) {
                for (int c = 0; c < reply.toolCalls().size(); c++) {
                    String args = reply.toolCalls().get(c).arguments();
                    for (int from = 0; from < args.length(); from += ARGUMENT_PIECE) {
                        ObjectNode ch = chunk(chunks, id, created, model, index);
                        ObjectNode call = ch.putObject("delta").putArray("tool_calls").addObject().put("index", c);
                        call.putObject("function").put("arguments", args.substring(from, Math.min(args.length(), from + ARGUMENT_PIECE)));
                        ch.putNull("logprobs");
                        ch.putNull("finish_reason");
                    }
                }
            } else {
                boolean refusal = reply.kind() == SimulatorEngine.Kind.REFUSAL;
                String text = refusal ? reply.refusal() : reply.content();
                List<String> pieces = new ArrayList<>();
                if (reply.tokens() != null) {
                    for (GeneratedToken t : reply.tokens()) pieces.add(t.token());
                } else {
                    Matcher m = PIECE.matcher(text);
                    while (m.find()) pieces.add(m.group());
                }
                for (int i = 0; i < pieces.size(); i++) {
                    ObjectNode ch = chunk(chunks, id, created, model, index);
                    ch.putObject("delta").put(refusal ? "refusal" : "content", pieces.get(i));
                    if (logprobs) logprobs(ch.putObject("logprobs"), reply, List.of(reply.tokens().get(i)));
                    else ch.putNull("logprobs");
                    ch.putNull("finish_reason");
                }
            }
            ObjectNode last = chunk(chunks, id, created, model, index);
            last.putObject("delta");
            last.putNull("logprobs");
            last.put("finish_reason", reply.finishReason());
        }
        if (includeUsage) {
            ObjectNode usage = header(id, "chat.completion.chunk", created, model);
            usage.putArray("choices");
            usage(usage.putObject("usage"), replies);
            chunks.add(usage);
        }
        return chunks;
    }

    private static ObjectNode chunk(List<ObjectNode> chunks, String id, long created, String model, int index) {
        ObjectNode chunk = header(id, "chat.completion.chunk", created, model);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", index);
        chunks.add(chunk);
        return choice;
    }

    private static ObjectNode header(String id, String object, long created, String model) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        root.put("system_fingerprint", "cpa-model-simulator");
        return root;
    }

    private static void usage(ObjectNode usage, List<SimulatorEngine.Reply> replies) {
        int prompt = replies.get(0).promptTokens();
        int completion = 0;
        for (SimulatorEngine.Reply r : replies) completion += r.completionTokens();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
    }

    /** {@code content} holds the tokens of a text reply, {@code refusal} those of a refusal; the other is null. */
    private static void logprobs(ObjectNode node, SimulatorEngine.Reply reply, List<GeneratedToken> tokens) {
        boolean refusal = reply.kind() == SimulatorEngine.Kind.REFUSAL;
        boolean text = !refusal && reply.kind() != SimulatorEngine.Kind.TOOL_CALLS;
        if (text) tokens(node.putArray("content"), tokens, true);
        else node.putNull("content");
        if (refusal) tokens(node.putArray("refusal"), tokens, true);
        else node.putNull("refusal");
    }

    static void tokens(ArrayNode out, List<GeneratedToken> tokens, boolean withBytes) {
        if (tokens == null) return;
        for (GeneratedToken t : tokens) {
            ObjectNode tn = out.addObject();
            token(tn, t.token(), t.logprob(), withBytes);
            ArrayNode top = tn.putArray("top_logprobs");
            for (GeneratedToken.Alternative a : t.topLogprobs()) token(top.addObject(), a.token(), a.logprob(), withBytes);
        }
    }

    private static void token(ObjectNode n, String token, double logprob, boolean withBytes) {
        n.put("token", token);
        if (withBytes) {
            ArrayNode bytes = n.putArray("bytes");
            for (byte b : token.getBytes(StandardCharsets.UTF_8)) bytes.add(b & 0xff);
        }
        n.put("logprob", logprob);
    }
}
