package io.cpa.answer.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtlpDecoderTest {
    static final String TRACE = "5b8efff798038103d269b633813fc60c";
    static final String SPAN = "eee19b7ec3c1b174";

    static final String JSON = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"crm\"}}]},"
            + "\"scopeSpans\":[{\"scope\":{\"name\":\"openinference.instrumentation.openai\"},\"spans\":[{\"traceId\":\"" + TRACE + "\","
            + "\"spanId\":\"" + SPAN + "\",\"name\":\"ChatCompletion\",\"kind\":3,\"startTimeUnixNano\":\"1544712660000000000\","
            + "\"endTimeUnixNano\":\"1544712661000000000\",\"unknownField\":{\"x\":1},\"attributes\":["
            + "{\"key\":\"openinference.span.kind\",\"value\":{\"stringValue\":\"LLM\"}},"
            + "{\"key\":\"llm.token_count.total\",\"value\":{\"intValue\":\"42\"}},"
            + "{\"key\":\"llm.temperature\",\"value\":{\"doubleValue\":0.5}},"
            + "{\"key\":\"stream\",\"value\":{\"boolValue\":false}},"
            + "{\"key\":\"tags\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"a\"},{\"intValue\":7}]}}},"
            + "{\"key\":\"meta\",\"value\":{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":{\"stringValue\":\"v\"}}]}}},"
            + "{\"key\":\"empty\",\"value\":{}}],\"status\":{\"code\":2}}]}]}]}";

    @Test
    void theJsonEncodingIsReadWithHexIdsAndStringIntegers() {
        List<OtlpSpan> spans = OtlpDecoder.json(JSON.getBytes(StandardCharsets.UTF_8));
        assertThat(spans).hasSize(1);
        OtlpSpan s = spans.get(0);
        assertThat(s.path()).isEqualTo("resourceSpans[0].scopeSpans[0].spans[0]");
        assertThat(s.traceId()).isEqualTo(TRACE);
        assertThat(s.spanId()).isEqualTo(SPAN);
        assertThat(s.endTimeUnixNano()).isEqualTo(1544712661000000000L);
        assertThat(s.statusCode()).isEqualTo(OtlpSpan.STATUS_ERROR);
        assertThat(s.resourceString("service.name")).isEqualTo("crm");
        assertThat(s.attributes()).containsEntry("openinference.span.kind", "LLM").containsEntry("llm.token_count.total", 42L)
                .containsEntry("llm.temperature", 0.5).containsEntry("stream", false)
                .containsEntry("tags", List.of("a", 7L)).containsEntry("meta", Map.of("k", "v")).containsEntry("empty", null);
    }

    @Test
    void theProtobufEncodingGivesTheSameSpan() {
        Span span = Span.newBuilder().setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(TRACE)))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(SPAN))).setName("ChatCompletion")
                .setEndTimeUnixNano(1544712661000000000L).setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .addAttributes(kv("openinference.span.kind", AnyValue.newBuilder().setStringValue("LLM").build()))
                .addAttributes(kv("llm.token_count.total", AnyValue.newBuilder().setIntValue(42).build()))
                .addAttributes(kv("tags", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setStringValue("a")).addValues(AnyValue.newBuilder().setIntValue(7))).build()))
                .build();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", AnyValue.newBuilder().setStringValue("crm").build())))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
        OtlpSpan s = OtlpDecoder.protobuf(request.toByteArray()).get(0);
        OtlpSpan fromJson = OtlpDecoder.json(JSON.getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(s.traceId()).isEqualTo(fromJson.traceId());
        assertThat(s.spanId()).isEqualTo(fromJson.spanId());
        assertThat(s.endTimeUnixNano()).isEqualTo(fromJson.endTimeUnixNano());
        assertThat(s.statusCode()).isEqualTo(fromJson.statusCode());
        assertThat(s.resource()).isEqualTo(fromJson.resource());
        assertThat(s.attributes()).containsEntry("llm.token_count.total", 42L).containsEntry("tags", List.of("a", 7L));
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    @Test
    void malformedRequestsAre400NamingWhere() {
        assertError(() -> OtlpDecoder.json("{\"resourceSpans\": ".getBytes()), 400, "not valid JSON");
        assertError(() -> OtlpDecoder.json("[]".getBytes()), 400, "must be a JSON object");
        assertError(() -> OtlpDecoder.json("{\"resourceSpans\": {}}".getBytes()), 400, "resourceSpans: expected an array");
        String base64Ids = JSON.replace(TRACE, "W47/95gDgQPSabYzgT/GDA==");
        assertError(() -> OtlpDecoder.json(base64Ids.getBytes()), 400, "resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex digits");
        String noSpanId = JSON.replace("\"spanId\":\"" + SPAN + "\",", "");
        assertError(() -> OtlpDecoder.json(noSpanId.getBytes()), 400, "spans[0].spanId: missing");
        String badInt = JSON.replace("{\"intValue\":\"42\"}", "{\"intValue\":\"forty-two\"}");
        assertError(() -> OtlpDecoder.json(badInt.getBytes()), 400, "spans[0].attributes[1].value.intValue: expected a 64-bit integer");
        assertError(() -> OtlpDecoder.protobuf(new byte[]{(byte) 0x0a, (byte) 0xff, 0x01, 0x02}), 400, "not a protobuf ExportTraceServiceRequest");
        ExportTraceServiceRequest shortId = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(new byte[3]))))).build();
        assertError(() -> OtlpDecoder.protobuf(shortId.toByteArray()), 400, "resourceSpans[0].scopeSpans[0].spans[0].traceId: 3 bytes, expected 16");
    }

    @Test
    void gzipIsInflatedWithinItsBound() throws IOException {
        byte[] json = JSON.getBytes(StandardCharsets.UTF_8);
        assertThat(OtlpDecoder.inflate(gzip(json), "gzip", 1 << 20)).isEqualTo(json);
        assertThat(OtlpDecoder.inflate(json, null, 1 << 20)).isSameAs(json);
        byte[] bomb = gzip(new byte[10 << 20]);
        assertThat(bomb.length).isLessThan(20_000);
        assertError(() -> OtlpDecoder.inflate(bomb, "gzip", 1 << 20), 413, "inflates to more than 1048576 bytes");
        assertError(() -> OtlpDecoder.inflate(json, "gzip", 1 << 20), 400, "not valid gzip");
        assertError(() -> OtlpDecoder.inflate(json, "br", 1 << 20), 415, "Content-Encoding 'br' is not supported");
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    private static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status, String message) {
        assertThatThrownBy(call).isInstanceOf(OtlpException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((OtlpException) e).status()).isEqualTo(status));
    }
}
