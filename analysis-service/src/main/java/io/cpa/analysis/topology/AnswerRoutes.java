package io.cpa.analysis.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cpa.event.EventJson;
import io.cpa.event.LabelEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The label router's state of one answer ({@code label-routes}): the series the answer has (one per certainty
 * variant), the option it chose, its event time, and the latest label of each labeller. Until a certainty of the
 * answer has been seen, {@code series} is empty and {@code waitingSinceMs} says since when (wall clock) its labels
 * wait. Immutable; stored as JSON.
 */
record AnswerRoutes(List<String> series, String chosenOption, long eventTimeMs, List<LabelEvent> labels, long waitingSinceMs) {
    AnswerRoutes {
        series = List.copyOf(series);
        labels = List.copyOf(labels);
    }

    static AnswerRoutes waiting(long sinceMs) {
        return new AnswerRoutes(List.of(), null, -1, List.of(), sinceMs);
    }

    boolean routed() {
        return !series.isEmpty();
    }

    AnswerRoutes withSeries(String seriesKey, String option, long eventMs) {
        List<String> s = new ArrayList<>(series);
        s.add(seriesKey);
        return new AnswerRoutes(s, routed() ? chosenOption : option, routed() ? eventTimeMs : eventMs, labels, -1);
    }

    /** The labeller's earlier label replaced by this one (or this one added). */
    AnswerRoutes withLabel(LabelEvent label) {
        List<LabelEvent> l = new ArrayList<>(labels.size() + 1);
        for (LabelEvent old : labels) if (!old.labeller().equals(label.labeller())) l.add(old);
        l.add(label);
        return new AnswerRoutes(series, chosenOption, eventTimeMs, l, waitingSinceMs);
    }

    LabelEvent labelOf(String labeller) {
        for (LabelEvent l : labels) if (l.labeller().equals(labeller)) return l;
        return null;
    }

    String json() {
        return EventJson.write(this);
    }

    static AnswerRoutes read(String json) {
        try {
            return EventJson.mapper().readValue(json, AnswerRoutes.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable label-routes entry: " + e.getOriginalMessage(), e);
        }
    }
}
