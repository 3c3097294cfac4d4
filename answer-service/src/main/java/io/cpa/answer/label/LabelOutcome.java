package io.cpa.answer.label;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpa.event.LabelEvent;

/**
 * What became of one posted label, as its HTTP status and body: 202 {@code accepted} (published), 200
 * {@code duplicate} (the labeller's last judgement already; nothing published), or an error naming its field.
 *
 * @param label the label published, or the duplicate (not published); null for an error
 */
public record LabelOutcome(int code, LabelEvent label, String error, String field) {
    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";

    static LabelOutcome accepted(LabelEvent label) {
        return new LabelOutcome(202, label, null, null);
    }

    static LabelOutcome duplicate(LabelEvent label) {
        return new LabelOutcome(200, label, null, null);
    }

    static LabelOutcome error(int code, String error, String field) {
        return new LabelOutcome(code, null, error, field);
    }

    public boolean ok() {
        return label != null;
    }

    /** {@code accepted}, {@code duplicate}, or null for an error. */
    public String status() {
        return code == 202 ? ACCEPTED : code == 200 ? DUPLICATE : null;
    }

    /**
     * {@code {labelId, answerId, labeller, status}} ({@code labelId} only when published) or {@code {error, field}}:
     * the response of the single form.
     */
    public ObjectNode json() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (ok()) {
            if (code == 202) body.put("labelId", label.labelId());
            body.put("answerId", label.answerId()).put("labeller", label.labeller()).put("status", status());
        } else {
            body.put("error", error);
            if (field != null) body.put("field", field);
        }
        return body;
    }
}
