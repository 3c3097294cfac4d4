package io.cpa.certainty;

/** How a certainty reply was read. Only {@code OK} carries a value; the others keep the raw text and are counted. */
public enum ParseStatus {
    /** exactly one level (or one number) was given */
    OK,
    /** several different levels were given and none can be preferred */
    AMBIGUOUS,
    /** no level could be found */
    NONE,
    /** the model declined to answer */
    REFUSED
}
