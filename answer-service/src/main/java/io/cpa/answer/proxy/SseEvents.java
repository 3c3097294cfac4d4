package io.cpa.answer.proxy;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a server-sent-event byte stream, fed in arbitrary chunks, into whole events (each ending with its blank
 * line, {@code \n\n} or {@code \r\n\r\n}), and reads their JSON data. Works on bytes, so a UTF-8 character split
 * across two network chunks is never broken.
 */
public final class SseEvents {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** The whole events completed by this chunk, each with its terminating blank line. */
    public List<byte[]> feed(byte[] chunk) {
        pending.writeBytes(chunk);
        byte[] buf = pending.toByteArray();
        List<byte[]> events = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < buf.length; i++) {
            int end = -1;
            if (buf[i] == '\n' && i + 1 < buf.length && buf[i + 1] == '\n') end = i + 2;
            else if (buf[i] == '\r' && i + 3 < buf.length && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') end = i + 4;
            if (end > 0) {
                byte[] event = new byte[end - start];
                System.arraycopy(buf, start, event, 0, event.length);
                events.add(event);
                start = end;
                i = end - 1;
            }
        }
        pending.reset();
        pending.write(buf, start, buf.length - start);
        return events;
    }

    /** Bytes after the last complete event (a stream cut short, or one without a final blank line). */
    public byte[] rest() {
        return pending.toByteArray();
    }

    /** The event's data lines joined by newlines, or null when it has none. */
    public static String data(byte[] event) {
        StringBuilder sb = null;
        for (String line : new String(event, StandardCharsets.UTF_8).split("\r?\n")) {
            if (!line.startsWith("data:")) continue;
            String value = line.substring(5);
            if (value.startsWith(" ")) value = value.substring(1);
            if (sb == null) sb = new StringBuilder(value);
            else sb.append('\n').append(value);
        }
        return sb == null ? null : sb.toString();
    }

    /** The event's data as a JSON object, or null ({@code [DONE]}, comments, non-JSON). */
    public static JsonNode json(byte[] event) {
        String data = data(event);
        if (data == null || data.isBlank() || data.strip().equals("[DONE]")) return null;
        JsonNode node = Exchange.readOrNull(data.getBytes(StandardCharsets.UTF_8));
        return node != null && node.isObject() ? node : null;
    }

    /**
     * The event with the logprobs the proxy added taken out of its JSON data (see {@link Exchange}); other lines
     * ({@code event:}, {@code id:}) stay in their place. Events without such logprobs are returned unchanged.
     */
    public static byte[] stripLogprobs(Exchange.Prepared prepared, byte[] event) {
        JsonNode node = json(event);
        if (node == null || !Exchange.strip(prepared, node)) return event;
        String json = new String(Exchange.write(node), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        boolean dataWritten = false;
        for (String line : new String(event, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.isEmpty()) continue;
            if (line.startsWith("data:")) {
                if (!dataWritten) out.append("data: ").append(json).append('\n');
                dataWritten = true;
            } else {
                out.append(line).append('\n');
            }
        }
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
