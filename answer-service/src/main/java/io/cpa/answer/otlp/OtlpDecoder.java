package io.cpa.answer.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * OTLP/HTTP trace export requests, protobuf or JSON, as {@link OtlpSpan}s. Plain functions: no HTTP, no state.
 * <p>Protobuf is read with the {@code opentelemetry-proto} classes; JSON with an own reader of the OTLP JSON
 * encoding (lowerCamelCase field names, the proto names accepted too; trace and span ids as hex, not base64;
 * 64-bit integers as strings or numbers; enums as numbers or names); unknown fields are ignored, as OTLP asks.
 * Every error is an {@link OtlpException} naming where the request is wrong.
 */
public final class OtlpDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private OtlpDecoder() {}

    /**
     * The body as sent, decompressed when {@code Content-Encoding: gzip}; 413 when the decompressed body exceeds
     * {@code maxDecoded} bytes (it is never inflated further than that), 415 for another encoding.
     */
    public static byte[] inflate(byte[] body, String contentEncoding, int maxDecoded) {
        String encoding = contentEncoding == null ? "" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (encoding.isEmpty() || encoding.equals("identity")) {
            if (body.length > maxDecoded) throw new OtlpException(413, "body larger than " + maxDecoded + " bytes");
            return body;
        }
        if (!encoding.equals("gzip")) {
            throw new OtlpException(415, "Content-Encoding '" + contentEncoding + "' is not supported (gzip or none)");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxDecoded, Math.max(1024, body.length * 4)));
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > maxDecoded) {
                    throw new OtlpException(413, "gzip body inflates to more than " + maxDecoded + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new OtlpException(400, "Content-Encoding gzip, but the body is not valid gzip: " + e.getMessage());
        }
    }

    /** The spans of a binary protobuf {@code ExportTraceServiceRequest}. */
    public static List<OtlpSpan> protobuf(byte[] body) {
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new OtlpException(400, "the body is not a protobuf ExportTraceServiceRequest: " + e.getMessage());
        }
        List<OtlpSpan> out = new ArrayList<>();
        for (int r = 0; r < request.getResourceSpansCount(); r++) {
            ResourceSpans rs = request.getResourceSpans(r);
            String rAt = "resourceSpans[" + r + "]";
            Map<String, Object> resource = attributes(rs.getResource().getAttributesList());
            for (int s = 0; s < rs.getScopeSpansCount(); s++) {
                ScopeSpans ss = rs.getScopeSpans(s);
                for (int i = 0; i < ss.getSpansCount(); i++) {
                    Span span = ss.getSpans(i);
                    String at = rAt + ".scopeSpans[" + s + "].spans[" + i + "]";
                    out.add(new OtlpSpan(at, resource, id(span.getTraceId(), 16, at + ".traceId"),
                            id(span.getSpanId(), 8, at + ".spanId"), span.getName(), span.getEndTimeUnixNano(),
                            span.getStatus().getCodeValue(), attributes(span.getAttributesList())));
                }
            }
        }
        return out;
    }

    private static String id(ByteString bytes, int length, String at) {
        if (bytes.size() != length) throw new OtlpException(400, at + ": " + bytes.size() + " bytes, expected " + length);
        return HEX.formatHex(bytes.toByteArray());
    }

    private static Map<String, Object> attributes(List<KeyValue> list) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (KeyValue kv : list) out.put(kv.getKey(), value(kv.getValue()));
        return out;
    }

    private static Object value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BYTES_VALUE -> v.getBytesValue().toByteArray();
            case ARRAY_VALUE -> {
                List<Object> list = new ArrayList<>();
                for (AnyValue e : v.getArrayValue().getValuesList()) list.add(value(e));
                yield list;
            }
            case KVLIST_VALUE -> attributes(v.getKvlistValue().getValuesList());
            default -> null;
        };
    }

    /** The spans of an OTLP JSON {@code ExportTraceServiceRequest}. */
    public static List<OtlpSpan> json(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new OtlpException(400, "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new OtlpException(400, "the body is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new OtlpException(400, "the body must be a JSON object (ExportTraceServiceRequest)");
        List<OtlpSpan> out = new ArrayList<>();
        JsonNode resourceSpans = array(root, "", "resourceSpans", "resource_spans");
        for (int r = 0; r < resourceSpans.size(); r++) {
            String rAt = "resourceSpans[" + r + "]";
            JsonNode rs = object(resourceSpans.get(r), rAt);
            JsonNode res = field(rs, "resource", "resource");
            Map<String, Object> resource = res == null ? Map.of()
                    : jsonAttributes(array(object(res, rAt + ".resource"), rAt + ".resource", "attributes", "attributes"), rAt + ".resource.attributes");
            JsonNode scopeSpans = array(rs, rAt, "scopeSpans", "scope_spans");
            for (int s = 0; s < scopeSpans.size(); s++) {
                String sAt = rAt + ".scopeSpans[" + s + "]";
                JsonNode spans = array(object(scopeSpans.get(s), sAt), sAt, "spans", "spans");
                for (int i = 0; i < spans.size(); i++) {
                    String at = sAt + ".spans[" + i + "]";
                    JsonNode span = object(spans.get(i), at);
                    JsonNode status = field(span, "status", "status");
                    int code = status == null ? 0 : statusCode(field(object(status, at + ".status"), "code", "code"), at + ".status.code");
                    JsonNode name = field(span, "name", "name");
                    if (name != null && !name.isTextual()) throw new OtlpException(400, at + ".name: expected a string");
                    out.add(new OtlpSpan(at, resource, hexId(span, at, "traceId", "trace_id", 16), hexId(span, at, "spanId", "span_id", 8),
                            name == null ? "" : name.asText(), uint64(field(span, "endTimeUnixNano", "end_time_unix_nano"), at + ".endTimeUnixNano"),
                            code, jsonAttributes(array(span, at, "attributes", "attributes"), at + ".attributes")));
                }
            }
        }
        return out;
    }

    private static JsonNode field(JsonNode node, String camel, String proto) {
        JsonNode v = node.get(camel);
        if (v == null) v = node.get(proto);
        return v == null || v.isNull() ? null : v;
    }

    private static JsonNode object(JsonNode node, String at) {
        if (node == null || !node.isObject()) throw new OtlpException(400, at + ": expected an object");
        return node;
    }

    /** An optional repeated field: an empty array when absent. */
    private static JsonNode array(JsonNode node, String at, String camel, String proto) {
        JsonNode v = field(node, camel, proto);
        if (v == null) return JSON.createArrayNode();
        if (!v.isArray()) throw new OtlpException(400, (at.isEmpty() ? "" : at + ".") + camel + ": expected an array");
        return v;
    }

    private static String hexId(JsonNode span, String at, String camel, String proto, int bytes) {
        JsonNode v = field(span, camel, proto);
        String where = at + "." + camel;
        if (v == null) throw new OtlpException(400, where + ": missing");
        if (!v.isTextual() || v.asText().length() != bytes * 2) {
            throw new OtlpException(400, where + ": expected " + bytes * 2 + " hex digits (OTLP JSON ids are hex, not base64)");
        }
        try {
            return HEX.formatHex(HEX.parseHex(v.asText().toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new OtlpException(400, where + ": expected " + bytes * 2 + " hex digits (OTLP JSON ids are hex, not base64)");
        }
    }

    private static long uint64(JsonNode v, String at) {
        if (v == null) return 0;
        try {
            if (v.isTextual()) return Long.parseUnsignedLong(v.asText());
            if (v.canConvertToExactIntegral() && v.canConvertToLong()) return v.asLong();
        } catch (NumberFormatException e) {
            // below
        }
        throw new OtlpException(400, at + ": expected an unsigned 64-bit integer (a string or a number)");
    }

    private static long int64(JsonNode v, String at) {
        try {
            if (v.isTextual()) return Long.parseLong(v.asText());
            if (v.canConvertToExactIntegral() && v.canConvertToLong()) return v.asLong();
        } catch (NumberFormatException e) {
            // below
        }
        throw new OtlpException(400, at + ": expected a 64-bit integer (a string or a number)");
    }

    private static int statusCode(JsonNode v, String at) {
        if (v == null) return 0;
        if (v.isTextual()) {
            return switch (v.asText()) {
                case "STATUS_CODE_UNSET" -> 0;
                case "STATUS_CODE_OK" -> 1;
                case "STATUS_CODE_ERROR" -> 2;
                default -> throw new OtlpException(400, at + ": unknown status code '" + v.asText() + "'");
            };
        }
        if (v.isInt()) return v.asInt();
        throw new OtlpException(400, at + ": expected a status code (0, 1, 2 or its name)");
    }

    private static Map<String, Object> jsonAttributes(JsonNode list, String at) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String kvAt = at + "[" + i + "]";
            JsonNode kv = object(list.get(i), kvAt);
            JsonNode key = field(kv, "key", "key");
            if (key == null || !key.isTextual()) throw new OtlpException(400, kvAt + ".key: expected a string");
            JsonNode value = field(kv, "value", "value");
            out.put(key.asText(), value == null ? null : jsonValue(object(value, kvAt + ".value"), kvAt + ".value"));
        }
        return out;
    }

    private static Object jsonValue(JsonNode v, String at) {
        JsonNode x;
        if ((x = field(v, "stringValue", "string_value")) != null) {
            if (!x.isTextual()) throw new OtlpException(400, at + ".stringValue: expected a string");
            return x.asText();
        }
        if ((x = field(v, "boolValue", "bool_value")) != null) {
            if (!x.isBoolean()) throw new OtlpException(400, at + ".boolValue: expected true or false");
            return x.asBoolean();
        }
        if ((x = field(v, "intValue", "int_value")) != null) return int64(x, at + ".intValue");
        if ((x = field(v, "doubleValue", "double_value")) != null) {
            if (x.isNumber()) return x.asDouble();
            if (x.isTextual()) {
                switch (x.asText()) {
                    case "NaN": return Double.NaN;
                    case "Infinity": return Double.POSITIVE_INFINITY;
                    case "-Infinity": return Double.NEGATIVE_INFINITY;
                    default:
                        try {
                            return Double.parseDouble(x.asText());
                        } catch (NumberFormatException e) {
                            // below
                        }
                }
            }
            throw new OtlpException(400, at + ".doubleValue: expected a number");
        }
        if ((x = field(v, "bytesValue", "bytes_value")) != null) {
            try {
                return Base64.getDecoder().decode(x.asText());
            } catch (IllegalArgumentException e) {
                throw new OtlpException(400, at + ".bytesValue: expected base64");
            }
        }
        if ((x = field(v, "arrayValue", "array_value")) != null) {
            JsonNode values = array(object(x, at + ".arrayValue"), at + ".arrayValue", "values", "values");
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                String eAt = at + ".arrayValue.values[" + i + "]";
                list.add(jsonValue(object(values.get(i), eAt), eAt));
            }
            return list;
        }
        if ((x = field(v, "kvlistValue", "kvlist_value")) != null) {
            return jsonAttributes(array(object(x, at + ".kvlistValue"), at + ".kvlistValue", "values", "values"), at + ".kvlistValue.values");
        }
        return null;
    }
}
