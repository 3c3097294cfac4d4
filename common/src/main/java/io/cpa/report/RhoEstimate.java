package io.cpa.report;

/**
 * Spearman's rho of one cell as a report prints it.
 *
 * @param status  {@code OK}: rho, p and the interval are numbers; {@code INSUFFICIENT}: fewer pairs than the report's
 *                minimum; {@code UNDEFINED}: a signal without variance (rho does not exist)
 * @param n       paired answers in the cell (IC present and VC parsed)
 * @param rho     tie-corrected Spearman rho, when OK
 * @param pValue  two-sided p-value of rho = 0, when OK
 * @param lower   lower end of the 95% interval (Fisher z), when OK
 * @param upper   upper end of the 95% interval, when OK
 */
public record RhoEstimate(Status status, int n, Double rho, Double pValue, Double lower, Double upper) {
    public enum Status { OK, INSUFFICIENT, UNDEFINED }

    public RhoEstimate {
        if (n < 0) throw new IllegalArgumentException("n is negative: " + n);
        if ((status == Status.OK) != (rho != null)) throw new IllegalArgumentException("rho is present exactly when status is OK");
    }

    public static RhoEstimate insufficient(int n) {
        return new RhoEstimate(Status.INSUFFICIENT, n, null, null, null, null);
    }

    public static RhoEstimate undefined(int n) {
        return new RhoEstimate(Status.UNDEFINED, n, null, null, null, null);
    }

    public boolean ok() { return status == Status.OK; }

    /** Whether the 95% interval contains {@code value} (false unless OK). */
    public boolean covers(double value) {
        return ok() && lower <= value && value <= upper;
    }
}
