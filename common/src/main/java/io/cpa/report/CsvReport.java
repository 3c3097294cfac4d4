package io.cpa.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Table 1 of a study as CSV, one line per cell (long form, for spreadsheets and R):
 * {@code variant,temperature,model,dataset,status,n,rho,p_value,ci_lower,ci_upper} for the parsed VC
 * ({@link VcSignal#PARSED}), then the same for the probabilistic VC ({@link VcSignal#PROBABILISTIC}) with the prefix
 * {@code pvc_}, then {@code pvc_absent_reason} and {@code pvc_absent_count} (the most common reason an answer of the
 * cell has no probabilistic VC, and how many gave it), {@code pvc_mode_compared}, {@code pvc_mode_disagreements} and
 * {@code pvc_mode_disagreement_share} (answers whose pVC mode differs from the parsed level, of those with both), and
 * {@code pvc_entropy_n} and {@code pvc_mean_entropy} (bits, over the answers with a probabilistic VC).
 * {@code pvc_status} is {@code ABSENT} when no answer of the cell has a probabilistic VC; its numbers are then empty,
 * never 0. Each model's row mean follows its cells as a line with dataset {@code mean}, status {@code MEAN} (or
 * {@code NONE} when no cell is OK), n = the number of cells averaged and rho = their mean, likewise for {@code pvc_};
 * p and the interval are empty there, since a mean of rhos has neither. Numbers use a dot as decimal separator; empty
 * fields mean "not a number". The parsed VC's ten columns come first and are as they were before the probabilistic VC.
 */
public final class CsvReport {
    public static final String HEADER = "variant,temperature,model,dataset,status,n,rho,p_value,ci_lower,ci_upper,"
            + "pvc_status,pvc_n,pvc_rho,pvc_p_value,pvc_ci_lower,pvc_ci_upper,pvc_absent_reason,pvc_absent_count,"
            + "pvc_mode_compared,pvc_mode_disagreements,pvc_mode_disagreement_share,pvc_entropy_n,pvc_mean_entropy";
    /** {@code pvc_status} of a cell without any probabilistic VC. */
    public static final String ABSENT = "ABSENT";

    private CsvReport() {}

    public static String render(StudyReport r) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (AlignmentTable t : r.alignment()) {
            for (AlignmentTable.Row row : t.rows()) {
                for (int i = 0; i < t.datasets().size(); i++) {
                    ProbabilisticVcCell pvc = row.probabilistic().get(i);
                    List<String> fields = new ArrayList<>(List.of(t.variant(), Numbers.temperature(t.temperature()), row.model(),
                            t.datasets().get(i)));
                    fields.addAll(rho(row.cells().get(i)));
                    fields.addAll(pvc.present() ? rho(pvc.rho()) : List.of(ABSENT, "", "", "", "", ""));
                    fields.addAll(List.of(pvc.absentReason() == null ? "" : pvc.absentReason(), String.valueOf(pvc.absentCount()),
                            String.valueOf(pvc.modeCompared()), String.valueOf(pvc.modeDisagreements()),
                            num(pvc.modeDisagreementShare(), 6), String.valueOf(pvc.withPvc()), num(pvc.meanEntropy(), 6)));
                    line(csv, fields);
                }
                List<String> mean = new ArrayList<>(List.of(t.variant(), Numbers.temperature(t.temperature()), row.model(), "mean"));
                mean.addAll(mean(row.meanRho(), row.meanOf()));
                mean.addAll(mean(row.pvcMeanRho(), row.pvcMeanOf()));
                mean.addAll(List.of("", "", "", "", "", "", ""));
                line(csv, mean);
            }
        }
        return csv.toString();
    }

    /** status, n, rho, p_value, ci_lower, ci_upper of one estimate. */
    private static List<String> rho(RhoEstimate c) {
        return List.of(c.status().name(), String.valueOf(c.n()), num(c.rho(), 6), c.pValue() == null ? "" : p(c.pValue()),
                num(c.lower(), 6), num(c.upper(), 6));
    }

    /** The same six fields for a row mean: a mean of rhos has no p and no interval. */
    private static List<String> mean(Double meanRho, int of) {
        return List.of(meanRho == null ? "NONE" : "MEAN", String.valueOf(of), num(meanRho, 6), "", "", "");
    }

    private static String num(Double v, int decimals) {
        return v == null ? "" : Numbers.fixed(v, decimals);
    }

    private static String p(double p) {
        return String.format(java.util.Locale.ROOT, "%.6g", p);
    }

    private static void line(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) csv.append(',');
            csv.append(field(fields.get(i)));
        }
        csv.append('\n');
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
