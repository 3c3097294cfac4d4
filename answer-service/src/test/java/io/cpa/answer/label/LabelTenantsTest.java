package io.cpa.answer.label;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.auth.Tenants;
import io.cpa.event.EventJson;
import io.cpa.event.LabelEvent;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** A label is taken only for an answer of the caller's tenant; another tenant's answer is an unknown answer. */
class LabelTenantsTest {
    static final Instant NOW = Instant.parse("2025-05-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final LabelDesk.Settings SETTINGS = new LabelDesk.Settings(Duration.ofMillis(30), Duration.ofMinutes(1),
            Duration.ofSeconds(5), Duration.ofDays(7));

    final List<LabelEvent> published = new CopyOnWriteArrayList<>();

    LabelDesk desk(KnownAnswers index) {
        return new LabelDesk(index, label -> {
            published.add(label);
            return CompletableFuture.completedFuture(null);
        }, SETTINGS, CLOCK);
    }

    static KnownAnswers index() {
        KnownAnswers index = new KnownAnswers(100, Duration.ofDays(7), 4, 10, CLOCK);
        index.markLoaded();
        return index;
    }

    static JsonNode body(String answerId) throws Exception {
        return EventJson.mapper().readTree("{\"answerId\":\"" + answerId + "\",\"labeller\":\"human\",\"goldOption\":\"A\"}");
    }

    @Test
    void aLabelOfTheAnswersOwnTenantIsPublishedWithThatTenant() throws Exception {
        KnownAnswers index = index();
        index.note("x", NOW.minusSeconds(5), List.of("A", "B"), "acme");
        LabelOutcome o = desk(index).submit(body("x"), "acme").get();
        assertThat(o.code()).isEqualTo(202);
        assertThat(published).singleElement().satisfies(l -> assertThat(l.tenant()).isEqualTo("acme"));
    }

    @Test
    void anotherTenantsAnswerIsAnsweredExactlyAsAnUnknownOneAndNothingIsPublished() throws Exception {
        KnownAnswers index = index();
        index.note("x", NOW.minusSeconds(5), List.of("A", "B"), "acme");
        LabelOutcome foreign = desk(index).submit(body("x"), "globex").get();
        LabelOutcome fromDefault = desk(index).submit(body("x"), Tenants.DEFAULT).get();
        LabelOutcome unknown = desk(index()).submit(body("x"), "globex").get();
        assertThat(unknown.code()).isEqualTo(404);
        assertThat(foreign.code()).isEqualTo(404);
        assertThat(foreign.json()).isEqualTo(unknown.json());
        assertThat(fromDefault.json()).isEqualTo(unknown.json());
        assertThat(published).isEmpty();
        // and the answer is still labelled by its own tenant afterwards
        assertThat(desk(index).submit(body("x"), "acme").get().code()).isEqualTo(202);
    }

    @Test
    void aCallerOfEveryTenantLabelsAnyAnswerAndTheLabelTakesTheAnswersTenant() throws Exception {
        KnownAnswers index = index();
        index.note("x", NOW.minusSeconds(5), List.of("A", "B"), "acme");
        index.note("y", NOW.minusSeconds(5), List.of("A", "B"));
        assertThat(desk(index).submit(body("x"), Tenants.ALL).get().code()).isEqualTo(202);
        assertThat(desk(index).submit(body("y"), Tenants.ALL).get().code()).isEqualTo(202);
        assertThat(published).extracting(LabelEvent::tenantOrDefault).containsExactly("acme", "default");
    }

    @Test
    void theFirstTenantOfAnAnswerIdKeepsItAndALabelReadFromAnotherTenantIsNotRemembered() throws Exception {
        KnownAnswers index = index();
        index.note("x", NOW.minusSeconds(5), List.of("A", "B"), "acme");
        index.note("x", NOW.minusSeconds(4), List.of("A", "B"), "globex");
        assertThat(index.lookup("x")).get().extracting(KnownAnswers.Known::tenant).isEqualTo("acme");
        LabelEvent foreign = new LabelEvent(LabelEvent.SCHEMA_VERSION, "l1", "x", "human", "A", null, null, null, NOW, NOW, "globex");
        index.noteLabel(foreign);
        // had the foreign label been remembered, acme's equal judgement would be a duplicate
        assertThat(desk(index).submit(body("x"), "acme").get().code()).isEqualTo(202);
    }
}
