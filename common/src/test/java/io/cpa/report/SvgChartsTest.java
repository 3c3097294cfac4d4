package io.cpa.report;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SvgChartsTest {
    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> byClass(Document doc, String tag, String cssClass) {
        NodeList all = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("class").equals(cssClass)) out.add(e);
        }
        return out;
    }

    @Test
    void barChartIsStandaloneSvgWithOneProportionalBarPerCategoryAndLabels() throws Exception {
        BarChart chart = new BarChart("vc-levels_m_qasc_cqp", "VC levels <m & qasc>", "verbalized certainty", "answers",
                List.of("very certain", "fairly certain", "not certain"), List.of(40L, 10L, 0L));
        Document doc = parse(SvgCharts.render(chart));
        Element root = doc.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(root.getAttribute("width")).isEqualTo("640");

        List<Element> bars = byClass(doc, "rect", "bar");
        assertThat(bars).extracting(b -> b.getAttribute("data-category")).containsExactly("very certain", "fairly certain", "not certain");
        assertThat(bars).extracting(b -> b.getAttribute("data-count")).containsExactly("40", "10", "0");
        double h0 = Double.parseDouble(bars.get(0).getAttribute("height"));
        double h1 = Double.parseDouble(bars.get(1).getAttribute("height"));
        assertThat(h1 / h0).isCloseTo(0.25, within(1e-3));
        assertThat(Double.parseDouble(bars.get(2).getAttribute("height"))).isZero();
        // every bar stands on the same base line
        double base0 = Double.parseDouble(bars.get(0).getAttribute("y")) + h0;
        double base1 = Double.parseDouble(bars.get(1).getAttribute("y")) + h1;
        assertThat(base1).isCloseTo(base0, within(0.02));
        assertThat(bars.get(0).getTextContent()).isEqualTo("very certain: 40");

        assertThat(byClass(doc, "text", "title")).singleElement().extracting(Element::getTextContent).isEqualTo("VC levels <m & qasc>");
        assertThat(byClass(doc, "text", "axis-label")).extracting(Element::getTextContent)
                .containsExactly("answers", "verbalized certainty");
        assertThat(byClass(doc, "text", "category")).extracting(Element::getTextContent)
                .containsExactly("very certain", "fairly certain", "not certain");
        // ticks 0, 10, 20, 30, 40
        assertThat(byClass(doc, "text", "tick")).extracting(Element::getTextContent).containsExactly("0", "10", "20", "30", "40");
    }

    @Test
    void allZeroCountsStillGiveAValidAxis() throws Exception {
        BarChart chart = new BarChart("empty", "nothing", "x", "y", List.of("a", "b"), List.of(0L, 0L));
        Document doc = parse(SvgCharts.render(chart));
        assertThat(byClass(doc, "rect", "bar")).hasSize(2);
        assertThat(byClass(doc, "text", "tick")).extracting(Element::getTextContent).containsExactly("0", "1");
    }

    @Test
    void tickStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(SvgCharts.tickStep(3)).isEqualTo(1);
        assertThat(SvgCharts.tickStep(40)).isEqualTo(10);
        assertThat(SvgCharts.tickStep(73)).isEqualTo(20);
        assertThat(SvgCharts.tickStep(230)).isEqualTo(50);
        assertThat(SvgCharts.tickStep(1000)).isEqualTo(200);
    }

    @Test
    void writerEscapesMarkupAndDropsForbiddenControlCharacters() {
        assertThat(SvgWriter.escape("a<b & \"c\" 'd'>\u0001")).isEqualTo("a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
        assertThat(SvgWriter.n(12.0)).isEqualTo("12");
        assertThat(SvgWriter.n(12.345)).isEqualTo("12.35");
        assertThat(SvgWriter.n(-0.001)).isEqualTo("0");
    }

    @Test
    void chartNamesMustBeSafeFileNames() {
        assertThatThrownBy(() -> new BarChart("../x", "t", "x", "y", List.of("a"), List.of(1L)))
                .hasMessageContaining("chart name");
        assertThat(StudyReports.chartName("vc-levels", "Qwen/Qwen2.5 7B", "qasc", "cqp")).isEqualTo("vc-levels_qwen-qwen2.5-7b_qasc_cqp");
    }

    @Test
    void studyChartsHoldTheVcLevelCountsAndTheIcHistogramOfDistinctAnswers() throws Exception {
        List<io.cpa.event.CertaintyEvent> events = new ArrayList<>();
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "a", 0.95, 1.0, null));
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "b", 1.0, 1.0, null));
        events.add(Events.ok("m", "qasc", "cqp", 0.2, "c", 0.55, 0.2, null));
        events.add(Events.ok("m", "qasc", "numeric", 0.2, "a", 0.95, 0.8, null)); // same answer a: counted once in the IC histogram
        StudyReport r = StudyReports.build("s", events, ReportOptions.defaults());
        assertThat(r.charts()).extracting(BarChart::name)
                .containsExactly("vc-levels_m_qasc_cqp", "vc-levels_m_qasc_numeric", "ic-histogram_m_qasc");
        assertThat(r.chart("vc-levels_m_qasc_cqp").orElseThrow().counts()).containsExactly(2L, 0L, 0L, 0L, 1L, 0L);
        BarChart ic = r.chart("ic-histogram_m_qasc").orElseThrow();
        assertThat(ic.categories()).hasSize(10).startsWith("0.0").endsWith("0.9");
        assertThat(ic.counts()).containsExactly(0L, 0L, 0L, 0L, 0L, 1L, 0L, 0L, 0L, 2L);
        Document doc = parse(SvgCharts.render(ic));
        assertThat(byClass(doc, "rect", "bar")).hasSize(10);
    }

    @Test
    void aSecondSeriesIsDrawnBesideTheFirstWithItsExactValuesAndALegend() throws Exception {
        BarChart chart = new BarChart("two", "two series", "x", "answers", List.of("a", "b"), List.of(4L, 2L),
                "VC (parsed): answers per level (n = 6)",
                new BarChart.Series("VC (probabilistic, first-token expectation): expected answers per level (n = 6)", List.of(2.5, 3.5)));
        Document doc = parse(SvgCharts.render(chart));
        List<Element> bars = byClass(doc, "rect", "bar");
        assertThat(bars).extracting(b -> b.getAttribute("data-series")).containsExactly(
                "VC (parsed): answers per level (n = 6)", "VC (probabilistic, first-token expectation): expected answers per level (n = 6)",
                "VC (parsed): answers per level (n = 6)", "VC (probabilistic, first-token expectation): expected answers per level (n = 6)");
        assertThat(bars).extracting(b -> b.getAttribute("data-category")).containsExactly("a", "a", "b", "b");
        assertThat(bars.get(0).getAttribute("data-count")).isEqualTo("4");
        assertThat(bars.get(1).getAttribute("data-value")).isEqualTo("2.5");
        double[] h = bars.stream().mapToDouble(b -> Double.parseDouble(b.getAttribute("height"))).toArray();
        assertThat(h[1] / h[0]).isCloseTo(2.5 / 4, within(1e-3));
        assertThat(h[3] / h[0]).isCloseTo(3.5 / 4, within(1e-3));
        // the second bar of a category stands right of the first, on the same base line
        assertThat(Double.parseDouble(bars.get(1).getAttribute("x"))).isGreaterThan(Double.parseDouble(bars.get(0).getAttribute("x")));
        assertThat(Double.parseDouble(bars.get(1).getAttribute("y")) + h[1])
                .isCloseTo(Double.parseDouble(bars.get(0).getAttribute("y")) + h[0], within(0.02));
        assertThat(byClass(doc, "text", "legend")).extracting(Element::getTextContent).containsExactly(
                "VC (parsed): answers per level (n = 6)", "VC (probabilistic, first-token expectation): expected answers per level (n = 6)");
        assertThat(byClass(doc, "text", "value")).extracting(Element::getTextContent).containsExactly("2.5", "4", "3.5", "2");
        // the axis reaches the larger series: 3.5 rounds up to 4, ticks 0 to 4
        assertThat(byClass(doc, "text", "tick")).extracting(Element::getTextContent).containsExactly("0", "1", "2", "3", "4");
    }

    @Test
    void aSecondSeriesNeedsOneValuePerCategoryAndBothLabels() {
        assertThatThrownBy(() -> new BarChart("c", "t", "x", "y", List.of("a", "b"), List.of(1L, 2L), "first",
                new BarChart.Series("second", List.of(1.0)))).hasMessageContaining("second values");
        assertThatThrownBy(() -> new BarChart("c", "t", "x", "y", List.of("a"), List.of(1L), null,
                new BarChart.Series("second", List.of(1.0)))).hasMessageContaining("legend labels");
    }

    /**
     * The level chart of {@link ProbabilisticVcReportTest#tinyStudyWithPvc()}'s commonsense_qa: parsed ranks 0, 1, 2, 5, 3
     * and, summing the distributions by rank, 1 (c0), 0.5 (c1), 0.5 + 0.25 (c1, c4), 0.25 + 1 (c4, c5), 1 + 0.25
     * (c2, c4), 1 + 0.25 (c3, c4); the chart lists very certain first.
     */
    @Test
    void theLevelChartOfAStudyWithProbabilisticVcHasTheExpectedLevelCountsAsSecondSeries() throws Exception {
        StudyReport r = StudyReports.build("s", ProbabilisticVcReportTest.tinyStudyWithPvc(), ReportOptions.defaults());
        BarChart chart = r.chart("vc-levels_m_commonsense-qa_cqp").orElseThrow();
        assertThat(chart.counts()).containsExactly(1L, 0L, 1L, 1L, 1L, 1L);
        assertThat(chart.countsLabel()).isEqualTo("VC (parsed): answers per level (n = 5)");
        assertThat(chart.second().label()).isEqualTo("VC (probabilistic, first-token expectation): expected answers per level (n = 6)");
        double[] expected = {1.25, 1.25, 1.25, 0.75, 0.5, 1.0};
        for (int i = 0; i < expected.length; i++) assertThat(chart.second().values().get(i)).isCloseTo(expected[i], within(1e-12));
        assertThat(byClass(parse(SvgCharts.render(chart)), "rect", "bar")).hasSize(12);
        // qasc has no probabilistic VC: its chart keeps one series
        assertThat(r.chart("vc-levels_m_qasc_cqp").orElseThrow().second()).isNull();
    }
}
