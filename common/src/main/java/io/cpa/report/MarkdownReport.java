package io.cpa.report;

import io.cpa.stats.TaxonomyThresholds;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A study report as Markdown. Every rho is printed with its 95% interval, n and p-value; nothing is called
 * significant in general, since significance differs per cell. Cells below the minimum n say "insufficient"; cells
 * without any probabilistic VC say "—" with the most common reason. Table 1 and the temperature study print each
 * {@link VcSignal} in its own table under the signal's label, the parsed VC first.
 */
public final class MarkdownReport {
    private static final int RAW_MAX = 120;
    /** What a cell without any probabilistic VC shows instead of a number. */
    static final String ABSENT = "\u2014";

    private MarkdownReport() {}

    public static String render(StudyReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# Study ").append(r.studyId()).append("\n\n");
        md.append(r.certainties()).append(" certainty replies for ").append(r.answers()).append(" answers. Models: ")
                .append(String.join(", ", r.models())).append(". Datasets: ").append(String.join(", ", r.datasets()))
                .append(". Variants: ").append(String.join(", ", r.variants())).append(". Certainty temperatures: ")
                .append(r.temperatures().stream().map(Numbers::temperature).collect(Collectors.joining(", "))).append(".\n\n");
        md.append("Alignment is Spearman's rho between internal confidence (IC) and verbalized certainty (VC), "
                + "tie-corrected (Pearson correlation of mid-ranks), over the answers with both signals. Each cell gives rho, "
                + "its 95% interval (Fisher z with the rank-correlation variance 1.06 / (n - 3)), n and the two-sided p-value of rho = 0 (t test, n - 2 degrees of freedom). "
                + "Cells with fewer than ").append(r.options().minN()).append(" pairs are insufficient.\n\n");
        md.append("Two VC signals are reported side by side. ").append(VcSignal.PARSED.label())
                .append(": the level or number read from the certainty reply (the paper's VC), over the answers with IC and a parsed reply. ")
                .append(VcSignal.PROBABILISTIC.label()).append(": the expectation of the reply's first-token probabilities of the six levels "
                        + "(very uncertain 0 ... very certain 1), over the answers with IC and such a distribution, counted separately; "
                        + "a cell without any says \"").append(ABSENT).append("\" with the most common reason it is missing. "
                        + "Its mode is compared with the parsed level where both exist, and its entropy is in bits (0: one level, 2.585: all six alike).\n\n");

        md.append("## Table 1: alignment\n\n");
        for (AlignmentTable t : r.alignment()) {
            md.append("### Variant ").append(t.variant()).append(", certainty temperature ")
                    .append(Numbers.temperature(t.temperature())).append("\n\n");
            md.append(VcSignal.PARSED.label()).append(":\n\n");
            modelTable(md, t, true, row -> {
                List<String> cells = new ArrayList<>();
                for (RhoEstimate c : row.cells()) cells.add(rho(c));
                cells.add(mean(row.meanRho(), row.meanOf(), row.cells().size()));
                return cells;
            });
            md.append(VcSignal.PROBABILISTIC.label()).append(":\n\n");
            modelTable(md, t, true, row -> {
                List<String> cells = new ArrayList<>();
                for (ProbabilisticVcCell c : row.probabilistic()) cells.add(c.present() ? rho(c.rho()) : absent(c));
                cells.add(mean(row.pvcMeanRho(), row.pvcMeanOf(), row.probabilistic().size()));
                return cells;
            });
            md.append(VcSignal.PROBABILISTIC.label()).append(": mode against the parsed level, and mean entropy:\n\n");
            modelTable(md, t, false, row -> row.probabilistic().stream().map(MarkdownReport::modeAndEntropy).toList());
        }

        md.append("## Temperature study: spread of VC\n\n");
        md.append("Per dataset at each temperature of the certainty call: the sample standard deviation of VC (n values) "
                + "and rho of IC and VC (as in Table 1), for each VC signal; for ").append(VcSignal.PROBABILISTIC.label())
                .append(" also the mean entropy in bits.\n\n");
        for (TemperatureStudy s : r.temperatureStudy()) {
            md.append("### ").append(s.model()).append(", variant ").append(s.variant()).append("\n\n");
            temperatureTable(md, s, VcSignal.PARSED.label() + ": standard deviation", row -> row.cells().stream().map(MarkdownReport::spread).toList());
            temperatureTable(md, s, VcSignal.PARSED.label() + ": rho", row -> row.rho().stream().map(MarkdownReport::rho).toList());
            temperatureTable(md, s, VcSignal.PROBABILISTIC.label() + ": standard deviation",
                    row -> row.probabilistic().stream().map(c -> c.present() ? spread(c.spread()) : absent(c)).toList());
            temperatureTable(md, s, VcSignal.PROBABILISTIC.label() + ": rho",
                    row -> row.probabilistic().stream().map(c -> c.present() ? rho(c.rho()) : absent(c)).toList());
            temperatureTable(md, s, VcSignal.PROBABILISTIC.label() + ": mean entropy",
                    row -> row.probabilistic().stream().map(c -> c.present() ? entropy(c) : absent(c)).toList());
        }

        md.append("## Confidence and correctness\n\n");
        md.append("Answers with a known gold label, pooled over the datasets. VC high: very or fairly certain. "
                + "IC high: above the median IC of the same answers.\n\n");
        for (int i = 0; i + 1 < r.correctness().size(); i += 2) {
            CorrectnessTable vc = r.correctness().get(i), ic = r.correctness().get(i + 1);
            md.append("### ").append(vc.model()).append(", variant ").append(vc.variant()).append(", certainty temperature ")
                    .append(Numbers.temperature(vc.temperature())).append("\n\n");
            twoByTwo(md, "VC", "very or fairly certain", "moderately certain or less", vc);
            twoByTwo(md, ic.split() == null ? "IC" : "IC (median " + Numbers.fixed(ic.split(), 3) + ")",
                    "above the median", "at or below the median", ic);
        }

        md.append("## Misalignment taxonomy\n\n");
        TaxonomyThresholds th = r.options().thresholds();
        md.append("IC high at or above ").append(th.icHigh()).append(", low at or below ").append(th.icLow())
                .append("; VC high at or above ").append(th.vcHigh()).append(", low at or below ").append(th.vcLow())
                .append("; consistent discordance: both strictly between, |IC - VC| at least ").append(th.discordanceGap())
                .append(".\n\n");
        for (TaxonomyTable t : r.taxonomy()) {
            md.append("### ").append(t.model()).append(", variant ").append(t.variant()).append(", certainty temperature ")
                    .append(Numbers.temperature(t.temperature())).append("\n\n");
            md.append("| class | answers | share |\n|---|---|---|\n");
            for (TaxonomyTable.ClassCount c : t.classes()) {
                md.append("| ").append(c.kind().label()).append(" | ").append(c.count()).append(" | ")
                        .append(t.total() == 0 ? "-" : Numbers.fixed((double) c.count() / t.total(), 3)).append(" |\n");
            }
            md.append('\n');
            for (TaxonomyTable.ClassCount c : t.classes()) {
                if (c.examples().isEmpty() || c.kind() == Misalignment.UNCLASSIFIED) continue;
                md.append("Examples of ").append(c.kind().label()).append(":\n\n");
                for (TaxonomyTable.Example e : c.examples()) {
                    md.append("- answer `").append(e.answerId()).append("`, question `").append(e.questionId())
                            .append("` (").append(e.dataset()).append("): IC ").append(Numbers.fixed(e.ic(), 3))
                            .append(", VC ").append(Numbers.fixed(e.vc(), 3)).append(", reply \"").append(raw(e.raw())).append("\"\n");
                }
                md.append('\n');
            }
        }

        md.append("## Parse outcomes\n\n");
        md.append("| model | variant | ok | ambiguous | none | refused | total |\n|---|---|---|---|---|---|---|\n");
        for (ParseOutcomes p : r.parseOutcomes()) {
            md.append("| ").append(cell(p.model())).append(" | ").append(p.variant()).append(" | ").append(p.ok()).append(" | ")
                    .append(p.ambiguous()).append(" | ").append(p.none()).append(" | ").append(p.refused()).append(" | ")
                    .append(p.total()).append(" |\n");
        }
        md.append('\n');

        md.append("## Charts\n\n");
        for (BarChart c : r.charts()) md.append("- `").append(c.name()).append(".svg`: ").append(c.title()).append('\n');
        return md.toString();
    }

    /** One Table 1 table: a row per model, a column per dataset, and the mean column when asked for. */
    private static void modelTable(StringBuilder md, AlignmentTable t, boolean withMean, Function<AlignmentTable.Row, List<String>> cells) {
        md.append("| model | ").append(String.join(" | ", t.datasets())).append(withMean ? " | mean |\n" : " |\n");
        md.append("|---|").append("---|".repeat(t.datasets().size() + (withMean ? 1 : 0))).append('\n');
        for (AlignmentTable.Row row : t.rows()) {
            md.append("| ").append(cell(row.model()));
            for (String c : cells.apply(row)) md.append(" | ").append(c);
            md.append(" |\n");
        }
        md.append('\n');
    }

    /** One temperature study table under its label: a row per dataset, a column per temperature. */
    private static void temperatureTable(StringBuilder md, TemperatureStudy s, String label, Function<TemperatureStudy.Row, List<String>> cells) {
        md.append(label).append(":\n\n");
        md.append("| dataset | ").append(s.temperatures().stream().map(t -> "T = " + Numbers.temperature(t))
                .collect(Collectors.joining(" | "))).append(" |\n");
        md.append("|---|").append("---|".repeat(s.temperatures().size())).append('\n');
        for (TemperatureStudy.Row row : s.rows()) {
            md.append("| ").append(cell(row.dataset()));
            for (String c : cells.apply(row)) md.append(" | ").append(c);
            md.append(" |\n");
        }
        md.append('\n');
    }

    private static String mean(Double meanRho, int of, int cells) {
        return meanRho == null ? "none" : Numbers.fixed(meanRho, 3) + " (" + of + " of " + cells + ")";
    }

    static String spread(TemperatureStudy.Spread c) {
        return c.sd() == null ? "n = " + c.n() : Numbers.fixed(c.sd(), 3) + " (n = " + c.n() + ")";
    }

    /** A cell of a group without any probabilistic VC: a dash and why, never a number. */
    static String absent(ProbabilisticVcCell c) {
        return ABSENT + " (" + c.absentReason() + ", " + c.absentCount() + " of " + c.answers() + " answers)";
    }

    static String entropy(ProbabilisticVcCell c) {
        return Numbers.fixed(c.meanEntropy(), 3) + " bits (n = " + c.withPvc() + ")";
    }

    static String modeAndEntropy(ProbabilisticVcCell c) {
        if (!c.present()) return absent(c);
        String mode = c.modeCompared() == 0 ? "no parsed level to compare"
                : "mode differs " + c.modeDisagreements() + " of " + c.modeCompared() + " (" + Numbers.fixed(c.modeDisagreementShare(), 3) + ")";
        return mode + "; entropy " + entropy(c);
    }

    static String rho(RhoEstimate c) {
        return switch (c.status()) {
            case OK -> Numbers.fixed(c.rho(), 3) + " [" + Numbers.fixed(c.lower(), 3) + ", " + Numbers.fixed(c.upper(), 3)
                    + "] n=" + c.n() + " p=" + Numbers.pValue(c.pValue());
            case INSUFFICIENT -> "insufficient (n=" + c.n() + ")";
            case UNDEFINED -> "undefined (n=" + c.n() + ")";
        };
    }

    private static void twoByTwo(StringBuilder md, String signal, String high, String rest, CorrectnessTable t) {
        md.append("| ").append(signal).append(" | correct | incorrect | accuracy |\n|---|---|---|---|\n");
        row(md, high, t.highCorrect(), t.highIncorrect(), t.highAccuracy());
        row(md, rest, t.restCorrect(), t.restIncorrect(), t.restAccuracy());
        md.append('\n');
    }

    private static void row(StringBuilder md, String label, long correct, long incorrect, Double accuracy) {
        md.append("| ").append(label).append(" | ").append(correct).append(" | ").append(incorrect).append(" | ")
                .append(accuracy == null ? "-" : Numbers.fixed(accuracy, 3)).append(" |\n");
    }

    /** A table cell: pipes escaped, line breaks as spaces. */
    static String cell(String s) {
        return s.replace("|", "\\|").replaceAll("\\s+", " ");
    }

    /** A reply on one line, at most 120 characters, so a long explanation does not swamp the report. */
    static String raw(String s) {
        String one = s.replaceAll("\\s+", " ").strip().replace("\"", "'").replace("`", "'");
        return one.length() <= RAW_MAX ? one : one.substring(0, RAW_MAX - 3) + "...";
    }
}
