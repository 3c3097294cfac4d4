package io.cpa.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportTest {
    @Test
    void onlyTheChartsListedWithSafeFileNamesAreFetched() throws Exception {
        var report = Http.JSON.readTree("{\"models\":[{\"name\":\"not-a-chart\"}],\"charts\":[{\"name\":\"vc-levels.cqp\"},"
                + "{\"name\":\"../etc/passwd\"},{\"name\":\"ic_hist-2\"}]}");
        assertThat(Report.chartNames(report)).containsExactly("vc-levels.cqp", "ic_hist-2");
        assertThat(Report.chartNames(Http.JSON.readTree("{}"))).isEmpty();
    }

    @Test
    void optionsAreParsedAndCheckedBeforeAnyCall() {
        assertThat(Report.parse(List.of("study-1"))).isEqualTo(new Report.Options("study-1", "md", null));
        assertThat(Report.parse(List.of("study-1", "--format", "csv", "--out", "reports/")))
                .isEqualTo(new Report.Options("study-1", "csv", Path.of("reports")));
        assertThatThrownBy(() -> Report.parse(List.of())).hasMessageContaining("usage: ./cpa report STUDY_ID");
        assertThatThrownBy(() -> Report.parse(List.of("--out", "x"))).hasMessageContaining("usage");
        assertThatThrownBy(() -> Report.parse(List.of("s", "--format", "pdf"))).hasMessageContaining("--format is md or csv");
        assertThatThrownBy(() -> Report.parse(List.of("s", "--colour"))).hasMessageContaining("unknown option --colour");
    }
}
