package io.cpa.analysis.topology;

import io.cpa.event.LabelEvent;

/**
 * What reaches {@link LabelRouter} through the by-answer repartition: the route of a certainty (which series the
 * answer has, and the option it chose), or a label. Both keyed by answer id, on one topic, so that every label meets
 * every series of its answer in one task.
 */
sealed interface AnswerInput {
    /**
     * @param seriesKey    a series of the answer (one per certainty variant)
     * @param chosenOption the option the answer chose, or null (free-form)
     * @param eventTimeMs  when the answer was given
     */
    record Route(String seriesKey, String chosenOption, long eventTimeMs) implements AnswerInput {}

    record Label(LabelEvent event) implements AnswerInput {}
}
