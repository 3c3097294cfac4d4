package io.cpa.report;

/**
 * Table 1 of a study as CSV, one line per cell (long form, for spreadsheets and R):
 * {@code variant,temperature,model,dataset,status,n,rho,p_value,ci_lower,ci_upper}. Each model's row mean follows its
 * cells as a line with dataset {@code mean}, status {@code MEAN} (or {@code NONE} when no cell is OK), n = the number
 * of cells averaged and rho = their mean; p and the interval are empty there, since a mean of rhos has neither.
 * Numbers use a dot as decimal separator; empty fields mean "not a number".
 */
public final class CsvReport {
    public static final String HEADER = "variant,temperature,model,dataset,status,n,rho,p_value,ci_lower,ci_upper";

    private CsvReport() {}

    public static String render(StudyReport r) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (AlignmentTable t : r.alignment()) {
            for (AlignmentTable.Row row : t.rows()) {
                for (int i = 0; i < t.datasets().size(); i++) {
                    RhoEstimate c = row.cells().get(i);
                    line(csv, t.variant(), Numbers.temperature(t.temperature()), row.model(), t.datasets().get(i),
                            c.status().name(), String.valueOf(c.n()), num(c.rho(), 6), c.pValue() == null ? "" : p(c.pValue()),
                            num(c.lower(), 6), num(c.upper(), 6));
                }
                line(csv, t.variant(), Numbers.temperature(t.temperature()), row.model(), "mean",
                        row.meanRho() == null ? "NONE" : "MEAN", String.valueOf(row.meanOf()), num(row.meanRho(), 6), "", "", "");
            }
        }
        return csv.toString();
    }

    private static String num(Double v, int decimals) {
        return v == null ? "" : Numbers.fixed(v, decimals);
    }

    private static String p(double p) {
        return String.format(java.util.Locale.ROOT, "%.6g", p);
    }

    private static void line(StringBuilder csv, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) csv.append(',');
            csv.append(field(fields[i]));
        }
        csv.append('\n');
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
