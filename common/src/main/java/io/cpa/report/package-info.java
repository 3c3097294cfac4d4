/**
 * The paper's analyses over the certainties of one study, as plain values and as Markdown, CSV and SVG.
 *
 * <p>{@link io.cpa.report.StudyReports#build} turns the {@link io.cpa.event.CertaintyEvent}s of a study into a
 * {@link io.cpa.report.StudyReport}: Table 1 (Spearman rho per model x dataset, per variant and certainty temperature,
 * always with n, p-value and 95% interval), the temperature study (spread of VC and rho per temperature), both for the
 * parsed and the probabilistic VC ({@link io.cpa.report.VcSignal}), the 2x2 confidence x correctness
 * tables, the misalignment taxonomy with examples, the parse outcome counts and the chart data.
 * {@link io.cpa.report.MarkdownReport}, {@link io.cpa.report.CsvReport} and {@link io.cpa.report.SvgCharts} render it.
 */
package io.cpa.report;
