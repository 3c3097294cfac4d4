package io.cpa.dataset;

import java.util.Arrays;

/** The Hugging Face JSONL shapes of the paper's datasets. */
public enum DatasetFormat {
    COMMONSENSE_QA("commonsense_qa"), QASC("qasc"), RIDDLE_SENSE("riddle_sense"), OPENBOOKQA("openbookqa"), ARC("ai2_arc");

    private final String datasetName;

    DatasetFormat(String datasetName) {
        this.datasetName = datasetName;
    }

    public String datasetName() { return datasetName; }

    public static DatasetFormat byName(String name) {
        return Arrays.stream(values()).filter(f -> f.datasetName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown dataset format '" + name + "', expected one of "
                        + Arrays.stream(values()).map(DatasetFormat::datasetName).toList()));
    }
}
