package io.cpa.analysis.tenant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cpa.auth.Tenants;
import io.cpa.certainty.ParseStatus;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rule of which records a caller sees, in milliseconds. */
class TenantScopeTest {
    static CertaintyEvent certainty(String series, String runId) {
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, "a", series, "m", "s", "cqp", 1, Instant.EPOCH, Instant.EPOCH,
                0.5, "option-ratio@1", null, null, null, VerbalizedCertainty.failed(ParseStatus.NONE, "x"), 0.2, 1, null, null, runId, null);
    }

    @Test
    void aCallerSeesItsOwnTenantsSeriesOnly() {
        TenantScope acme = TenantScope.of("acme");
        assertThat(acme.seesSeries("m|s|cqp|acme")).isTrue();
        assertThat(acme.seesSeries("m|s|cqp|globex")).isFalse();
        assertThat(acme.seesSeries("m|s|cqp")).isFalse();
        TenantScope plain = TenantScope.of(Tenants.DEFAULT);
        assertThat(plain.seesSeries("m|s|cqp")).isTrue();
        assertThat(plain.seesSeries("m|s|cqp|default")).isTrue();
        assertThat(plain.seesSeries("m|s|cqp|acme")).isFalse();
    }

    @Test
    void aMalformedKeyExistsForNobodyButACallerOfEveryTenant() {
        for (String bad : new String[]{"no-pipes", "a|b", "m|s|cqp|Acme", "m|s|cqp|", "", null}) {
            assertThat(TenantScope.of("acme").seesSeries(bad)).as(bad).isFalse();
            assertThat(TenantScope.of(Tenants.DEFAULT).seesSeries(bad)).as(bad).isFalse();
        }
        assertThat(TenantScope.of(Tenants.ALL).seesSeries("no-pipes")).isTrue();
        assertThat(TenantScope.of(Tenants.ALL).seesSeries("m|s|cqp|globex")).isTrue();
    }

    @Test
    void listsKeepTheCallersElementsInOrder() throws Exception {
        ArrayNode rows = (ArrayNode) EventJson.mapper().readTree("[{\"seriesKey\":\"a|s|v|acme\"},{\"seriesKey\":\"b|s|v\"},"
                + "{\"seriesKey\":\"c|s|v|acme\"},{\"other\":1},{\"seriesKey\":\"d|s|v|globex\"}]");
        assertThat(TenantScope.of("acme").seriesOnly(rows, "seriesKey").findValuesAsText("seriesKey")).containsExactly("a|s|v|acme", "c|s|v|acme");
        assertThat(TenantScope.of(Tenants.DEFAULT).seriesOnly(rows, "seriesKey").findValuesAsText("seriesKey")).containsExactly("b|s|v");
        assertThat(TenantScope.of(Tenants.ALL).seriesOnly(rows, "seriesKey")).hasSize(5);
    }

    @Test
    void aStudyIsReportedForOneTenantOnly() {
        List<CertaintyEvent> events = List.of(certainty("m|s|cqp|acme", "st"), certainty("m|s|cqp|globex", "st"),
                certainty("m|s|cqp|acme", "st"), certainty("broken", "st"));
        assertThat(TenantScope.of("acme").studyCertainties(events, null)).hasSize(2)
                .allSatisfy(e -> assertThat(e.seriesKey()).endsWith("|acme"));
        // a caller of one tenant cannot name another
        assertThat(TenantScope.of("acme").studyCertainties(events, "globex")).hasSize(2);
        assertThat(TenantScope.of("initech").studyCertainties(events, null)).isEmpty();
        assertThatThrownBy(() -> TenantScope.of(Tenants.ALL).studyCertainties(events, null))
                .isInstanceOf(TenantScope.AmbiguousStudy.class).hasMessageContaining("2 tenants [acme, globex]");
        assertThat(TenantScope.of(Tenants.ALL).studyCertainties(events, "globex")).hasSize(1);
        assertThat(TenantScope.of(Tenants.ALL).studyCertainties(events.subList(0, 1), null)).hasSize(1);
        assertThatThrownBy(() -> TenantScope.of(Tenants.ALL).studyCertainties(events, "Not A Tenant"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenant 'Not A Tenant'");
    }
}
