package io.cpa.answer.otlp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** The outcome of every span of one export request: answers to publish, spans ignored, spans rejected. */
public record TraceExport(List<SpanAnswers.Answered> answers, List<SpanAnswers.Ignored> ignored,
                          List<SpanAnswers.Rejected> rejected) {
    static final int MESSAGES = 5;
    static final int MESSAGE_CHARS = 300;

    public static TraceExport of(List<OtlpSpan> spans, SpanAnswers.Settings settings, LongSupplier sequence, Instant now) {
        List<SpanAnswers.Answered> answers = new ArrayList<>();
        List<SpanAnswers.Ignored> ignored = new ArrayList<>();
        List<SpanAnswers.Rejected> rejected = new ArrayList<>();
        for (OtlpSpan span : spans) {
            SpanAnswers.Outcome outcome = SpanAnswers.of(span, settings, sequence, now);
            if (outcome instanceof SpanAnswers.Answered a) answers.add(a);
            else if (outcome instanceof SpanAnswers.Ignored i) ignored.add(i);
            else rejected.add((SpanAnswers.Rejected) outcome);
        }
        return new TraceExport(answers, ignored, rejected);
    }

    /** OTLP's {@code partialSuccess.errorMessage}: the first rejections, each cut short; empty when none. */
    public String errorMessage() {
        if (rejected.isEmpty()) return "";
        StringBuilder sb = new StringBuilder().append(rejected.size()).append(rejected.size() == 1 ? " span" : " spans")
                .append(" rejected: ");
        for (int i = 0; i < Math.min(MESSAGES, rejected.size()); i++) {
            String m = rejected.get(i).message();
            if (i > 0) sb.append("; ");
            sb.append(m.length() > MESSAGE_CHARS ? m.substring(0, MESSAGE_CHARS) + "..." : m);
        }
        if (rejected.size() > MESSAGES) sb.append("; and ").append(rejected.size() - MESSAGES).append(" more");
        return sb.toString();
    }
}
