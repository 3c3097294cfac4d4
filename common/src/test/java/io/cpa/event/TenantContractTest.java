package io.cpa.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpa.auth.Tenants;
import io.cpa.certainty.VerbalizedCertainty;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tenant in the event contract: part of a series' identity, optional on events, invisible for the default tenant. */
class TenantContractTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theDefaultTenantsKeyIsTheOldThreePartKey() {
        SeriesKey old = new SeriesKey("m", "s", "cqp");
        assertThat(old.tenant()).isEqualTo(Tenants.DEFAULT);
        assertThat(old.key()).isEqualTo("m|s|cqp");
        assertThat(SeriesKey.parse("m|s|cqp")).isEqualTo(old);
        assertThat(new SeriesKey("m", "s", "cqp", "default").key()).isEqualTo("m|s|cqp");
        assertThat(SeriesKey.parse("m|s|cqp|default")).isEqualTo(old);
    }

    @Test
    void anotherTenantIsAFourthPartAndAnotherSeries() {
        SeriesKey acme = new SeriesKey("m", "s", "cqp", "acme");
        assertThat(acme.key()).isEqualTo("m|s|cqp|acme");
        assertThat(SeriesKey.parse("m|s|cqp|acme")).isEqualTo(acme);
        assertThat(acme).isNotEqualTo(new SeriesKey("m", "s", "cqp", "globex"));
        assertThat(acme).isNotEqualTo(new SeriesKey("m", "s", "cqp"));
        assertThat(SeriesKey.tenantOf("m|s|cqp|acme")).isEqualTo("acme");
        assertThat(SeriesKey.tenantOf("m|s|cqp")).isEqualTo("default");
    }

    @Test
    void malformedKeysAndTenantsAreRefused() {
        assertThatThrownBy(() -> SeriesKey.parse("m|s")).hasMessageContaining("model|source|variant[|tenant]");
        assertThatThrownBy(() -> SeriesKey.parse("m|s|v|a|b")).hasMessageContaining("model|source|variant[|tenant]");
        assertThatThrownBy(() -> SeriesKey.parse("m|s|v|")).hasMessageContaining("blank tenant");
        assertThatThrownBy(() -> SeriesKey.parse("m|s|v|Acme")).hasMessageContaining("tenant 'Acme'");
        assertThatThrownBy(() -> new SeriesKey("m", "s", "v", "*")).hasMessageContaining("tenant '*'");
    }

    @Test
    void anAnswerWithoutTenantIsWrittenAsBeforeAndReadsAsDefault() throws Exception {
        AnswerEvent plain = AnswerEventChecksTest.answer();
        String json = EventJson.write(plain);
        assertThat(EventJson.mapper().readTree(json).has("tenant")).isFalse();
        AnswerEvent read = EventJson.readAnswer(json);
        assertThat(read.tenant()).isNull();
        assertThat(read.tenantOrDefault()).isEqualTo("default");
        // naming the default tenant is the same answer as naming none
        assertThat(plain.withTenant("default")).isEqualTo(plain);
        assertThat(plain.withTenant(" ")).isEqualTo(plain);
    }

    @Test
    void anAnswersTenantSurvivesTheTopicAndForRun() throws Exception {
        AnswerEvent acme = AnswerEventChecksTest.answer().withTenant("acme");
        String json = EventJson.write(acme);
        assertThat(EventJson.mapper().readTree(json).path("tenant").asText()).isEqualTo("acme");
        assertThat(EventJson.readAnswer(json)).isEqualTo(acme);
        assertThat(acme.forRun("r1", null, null).tenant()).isEqualTo("acme");
    }

    @Test
    void aBadTenantOnTheTopicIsRefusedNamingTheField() throws Exception {
        String json = AnswerEventChecksTest.edited(n -> n.put("tenant", "ACME!"));
        assertThatThrownBy(() -> EventJson.readAnswer(json)).isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("invalid AnswerEvent: ").hasMessageContaining("tenant 'ACME!'");
    }

    @Test
    void labelsCarryTheirTenantAndOldLabelsReadAsDefault() throws Exception {
        LabelEvent plain = new LabelEvent(LabelEvent.SCHEMA_VERSION, "l1", "a1", "human", null, true, null, null, T, T);
        String json = EventJson.write(plain);
        assertThat(EventJson.mapper().readTree(json).has("tenant")).isFalse();
        assertThat(EventJson.readLabel(json).tenantOrDefault()).isEqualTo("default");

        LabelEvent acme = plain.withTenant("acme");
        assertThat(EventJson.readLabel(EventJson.write(acme))).isEqualTo(acme);
        assertThat(acme.tenantOrDefault()).isEqualTo("acme");
        ObjectNode bad = (ObjectNode) EventJson.mapper().readTree(json);
        bad.put("tenant", "no spaces");
        assertThatThrownBy(() -> EventJson.readLabel(bad.toString())).hasMessageContaining("tenant 'no spaces'");
    }

    @Test
    void certaintiesAndSkipsTakeTheirTenantFromTheSeriesKey() {
        CertaintyEvent c = new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, "a1", "m|s|cqp|acme", "m", "s", "cqp", 1, T, T,
                0.5, "option-ratio@1", "B", null, null, VerbalizedCertainty.failed(io.cpa.certainty.ParseStatus.NONE, "x"),
                0.2, 10, null, null);
        assertThat(c.tenantOrDefault()).isEqualTo("acme");
        SkipEvent s = new SkipEvent(SkipEvent.SCHEMA_VERSION, "a1", "m|s|cqp", "m", "s", "cqp", null, SkipEvent.EMPTY, T, T);
        assertThat(s.tenantOrDefault()).isEqualTo("default");
    }
}
