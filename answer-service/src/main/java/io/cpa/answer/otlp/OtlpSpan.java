package io.cpa.answer.otlp;

import java.util.Map;

/**
 * One span of an OTLP export, whatever its encoding: what the span-to-answer core reads.
 *
 * @param path            where it stood in the request, e.g. {@code resourceSpans[0].scopeSpans[1].spans[2]}
 * @param resource        its resource's attributes ({@code service.name}, ...)
 * @param traceId         32 lower-case hex digits
 * @param spanId          16 lower-case hex digits
 * @param endTimeUnixNano 0 when not set
 * @param statusCode      OTLP's {@code Status.code}: 0 unset, 1 ok, 2 error
 * @param attributes      the span's attributes; values are {@code String}, {@code Long}, {@code Double},
 *                        {@code Boolean}, {@code byte[]}, {@code List} or {@code Map} (OTLP's AnyValue), or null
 */
public record OtlpSpan(String path, Map<String, Object> resource, String traceId, String spanId, String name,
                       long endTimeUnixNano, int statusCode, Map<String, Object> attributes) {
    public static final int STATUS_ERROR = 2;

    /** A string attribute, or null when absent or not a string. */
    public String string(String key) {
        return attributes.get(key) instanceof String s ? s : null;
    }

    /** A resource string attribute, or null. */
    public String resourceString(String key) {
        return resource.get(key) instanceof String s ? s : null;
    }
}
