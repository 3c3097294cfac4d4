package io.cpa.simulator;

/** The verbalized-certainty prompt variants of the method (the paper's CQP and its ablations). */
public enum CertaintyVariant {
    NUMERIC("numeric"),
    LSU("lsu"),
    TTP_LSU("ttp-lsu"),
    OC_LSU("oc-lsu"),
    CQP("cqp");

    private final String wireName;

    CertaintyVariant(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean numeric() {
        return this == NUMERIC;
    }

    static CertaintyVariant of(boolean numericScale, boolean thirdPerson, boolean optionsShown) {
        if (numericScale) return NUMERIC;
        if (thirdPerson) return optionsShown ? CQP : TTP_LSU;
        return optionsShown ? OC_LSU : LSU;
    }
}
