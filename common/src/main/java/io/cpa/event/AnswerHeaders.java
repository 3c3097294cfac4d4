package io.cpa.event;

import io.cpa.question.ChoiceOption;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record headers of {@code cpa.answers}: what a reader that only needs to know an answer exists (the
 * answer-service's index of known answers) takes from it, so that it need not parse the value with its logprobs.
 * Every answer the answer-service publishes carries them; a record without {@link #CREATED_AT} (written by an earlier
 * version, or by another producer) carries none of them, and its reader falls back to the JSON value. The answer id
 * is the record key. Header values are UTF-8.
 */
public final class AnswerHeaders {
    /** {@code createdAt} as epoch milliseconds in decimal; present on every record that carries these headers. */
    public static final String CREATED_AT = "cpa-created-at";
    /** The option labels in order, each separated by {@value #SEPARATOR}, empty for a free-form answer. */
    public static final String OPTIONS = "cpa-options";
    /** The tenant; absent for the default tenant, as {@code tenant} is absent from the JSON then. */
    public static final String TENANT = "cpa-tenant";

    /** Between two option labels; within a label it, and {@value #ESCAPE}, are preceded by {@value #ESCAPE}. */
    public static final char SEPARATOR = ',';
    public static final char ESCAPE = '\\';

    private AnswerHeaders() {}

    /** The headers of an answer's record, name to value, in the order they are written. */
    public static Map<String, String> of(AnswerEvent answer) {
        Map<String, String> out = new LinkedHashMap<>(4);
        out.put(CREATED_AT, createdAt(answer.createdAt()));
        out.put(OPTIONS, options(answer.options().stream().map(ChoiceOption::label).toList()));
        if (answer.tenant() != null) out.put(TENANT, answer.tenant());
        return out;
    }

    public static String createdAt(Instant createdAt) {
        return Long.toString(createdAt.toEpochMilli());
    }

    /** @throws NumberFormatException when the value is not a decimal number */
    public static Instant createdAt(String value) {
        return Instant.ofEpochMilli(Long.parseLong(value));
    }

    public static String options(List<String> labels) {
        StringBuilder out = new StringBuilder(labels.size() * 2);
        for (String label : labels) {
            if (!out.isEmpty()) out.append(SEPARATOR);
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (c == SEPARATOR || c == ESCAPE) out.append(ESCAPE);
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The option labels of an {@link #OPTIONS} value. Labels are never blank, so an empty value is no options.
     *
     * @throws IllegalArgumentException when the value ends in a lone {@value #ESCAPE}
     */
    public static List<String> options(String value) {
        List<String> out = new ArrayList<>(4);
        if (value.isEmpty()) return out;
        StringBuilder label = new StringBuilder(4);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ESCAPE) {
                if (++i == value.length()) throw new IllegalArgumentException("option labels end in a lone escape: " + value);
                label.append(value.charAt(i));
            } else if (c == SEPARATOR) {
                out.add(label.toString());
                label.setLength(0);
            } else {
                label.append(c);
            }
        }
        out.add(label.toString());
        return out;
    }
}
