package io.cpa.dataset;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The Hugging Face JSONL shapes of the paper's datasets. The name is the dataset's Hugging Face name and becomes
 * {@link io.cpa.question.Question#dataset()}.
 */
public enum DatasetFormat {
    /** {@code id, question, question_concept, choices{label[], text[]}, answerKey}; 5 options A-E */
    COMMONSENSE_QA("commonsense_qa", "question", true),
    /** {@code id, question, choices{label[], text[]}, answerKey, fact1, fact2, ...}; 8 options A-H */
    QASC("qasc", "question", true),
    /** {@code answerKey, question, choices{label[], text[]}}; no id field: the id is derived from the content */
    RIDDLE_SENSE("riddle_sense", "question", false),
    /** {@code id, question_stem, choices{text[], label[]}, answerKey}; 4 options */
    OPENBOOKQA("openbookqa", "question_stem", true),
    /** {@code id, question, choices{text[], label[]}, answerKey}; 3-5 options, labels A-E or 1-4 */
    ARC("ai2_arc", "question", true);

    private final String datasetName;
    private final String questionField;
    private final boolean hasId;

    DatasetFormat(String datasetName, String questionField, boolean hasId) {
        this.datasetName = datasetName;
        this.questionField = questionField;
        this.hasId = hasId;
    }

    public String datasetName() { return datasetName; }

    /** The JSON field holding the question stem. */
    public String questionField() { return questionField; }

    /** Whether rows carry an {@code id} field (required then). */
    public boolean hasId() { return hasId; }

    public static DatasetFormat byName(String name) {
        for (DatasetFormat f : values()) {
            if (f.datasetName.equals(name)) return f;
        }
        throw new IllegalArgumentException("unknown dataset format '" + name + "', valid: "
                + Arrays.stream(values()).map(DatasetFormat::datasetName).collect(Collectors.joining(", ")));
    }
}
