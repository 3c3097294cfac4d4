package io.cpa.answer.otlp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The bodies OTLP/HTTP answers with, in the request's encoding (protobuf or JSON). */
public final class OtlpResponses {
    public static final String PROTOBUF = "application/x-protobuf";
    public static final String JSON = "application/json";

    private OtlpResponses() {}

    /** {@code ExportTraceServiceResponse}: empty on full success, else with {@code partialSuccess}. */
    public static byte[] export(boolean json, long rejectedSpans, String errorMessage) {
        boolean partial = rejectedSpans > 0 || (errorMessage != null && !errorMessage.isEmpty());
        if (json) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            if (partial) {
                // int64 in the OTLP JSON encoding is a string
                body.putObject("partialSuccess").put("rejectedSpans", Long.toString(rejectedSpans))
                        .put("errorMessage", errorMessage == null ? "" : errorMessage);
            }
            return body.toString().getBytes(StandardCharsets.UTF_8);
        }
        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        if (partial) {
            response.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejectedSpans)
                    .setErrorMessage(errorMessage == null ? "" : errorMessage));
        }
        return response.build().toByteArray();
    }

    /** A {@code google.rpc.Status} ({@code code} 1, {@code message} 2): the body of an OTLP/HTTP error. */
    public static byte[] status(boolean json, int httpStatus, String message) {
        int code = grpcCode(httpStatus);
        if (json) {
            return JsonNodeFactory.instance.objectNode().put("code", code).put("message", message).toString()
                    .getBytes(StandardCharsets.UTF_8);
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeInt32(1, code);
            out.writeString(2, message);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The gRPC status code OTLP pairs with an HTTP status. */
    static int grpcCode(int httpStatus) {
        return switch (httpStatus) {
            case 400, 413, 415 -> 3; // INVALID_ARGUMENT
            case 401 -> 16; // UNAUTHENTICATED
            case 429 -> 8; // RESOURCE_EXHAUSTED
            case 503 -> 14; // UNAVAILABLE
            default -> 13; // INTERNAL
        };
    }
}
