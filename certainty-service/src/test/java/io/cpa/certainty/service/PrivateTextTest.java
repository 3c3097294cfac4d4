package io.cpa.certainty.service;

import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.SkipEvent;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.cpa.privacy.TextDigests;
import io.cpa.privacy.TextPolicies;
import io.cpa.privacy.TextPolicy;
import io.cpa.privacy.TextPrivacy;
import io.cpa.privacy.TransitSeal;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers whose text was withheld ({@code none}) across the real broker: sealed with the transit key this service
 * holds, the certainty is asked with the text (the model sees it) and published without the reply's text; sealed
 * with another key (a rotated one), the answer is skipped as {@code text-withheld} and counted.
 */
@QuarkusTest
@TestProfile(PrivateTextTest.WithTransitKey.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = StubModelResource.class, scope = TestResourceScope.GLOBAL)
class PrivateTextTest {
    static final byte[] KEY = random32();

    static byte[] random32() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    public static class WithTransitKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cpa.privacy.transit-key", Base64.getEncoder().encodeToString(KEY));
        }
    }

    static AnswerEvent withheld(String id, String marker, byte[] key) {
        TextPrivacy sealer = new TextPrivacy(new TextPolicies(TextPolicy.NONE, 200, Map.of(), Map.of()), TextDigests.unkeyed(),
                Optional.of(new TransitSeal(key)));
        return sealer.redact(PolicyTest.answer(id, "private", null).withText("Where are books lent? " + marker,
                PolicyTest.answer(id, "private", null).options(), "B", null, null), "a", null);
    }

    @Test
    void aSealedAnswerIsAskedWithItsTextAndItsCertaintyKeepsNone() throws Exception {
        String tag = UUID.randomUUID().toString();
        String marker = "marker-" + tag;
        AnswerEvent answer = withheld(tag, marker, KEY);
        assertThat(EventJson.write(answer)).doesNotContain(marker);
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            kafka.send(Topics.ANSWERS, tag, EventJson.write(answer));
            List<ConsumerRecord<String, String>> got = kafka.read(Topics.CERTAINTIES, r -> r.value().contains(tag), 1, Duration.ofSeconds(60));
            assertThat(got).hasSize(1);
            CertaintyEvent c = EventJson.readCertainty(got.get(0).value());
            assertThat(c.certainty().ok()).isTrue();
            assertThat(c.certainty().raw()).isEmpty();
            assertThat(c.redaction().text()).isEqualTo("none");
            assertThat(c.redaction().replyDigest()).isEqualTo(TextDigests.unkeyed().digest("b. Fairly Certain"));
            // the model was asked with the opened text: only the service's memory and the model call held it
            assertThat(StubModelResource.requests("/a/v1", marker)).hasSize(1);
        }
    }

    @Test
    void anAnswerSealedWithAnotherKeyIsSkippedAsTextWithheld() throws Exception {
        String tag = UUID.randomUUID().toString();
        double before = Metrics.value("cpa_certainty_skipped_total", "reason=\"text-withheld\"");
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            kafka.send(Topics.ANSWERS, tag, EventJson.write(withheld(tag, "rotated-" + tag, random32())));
            List<ConsumerRecord<String, String>> skips = kafka.read(Topics.SKIPS, r -> r.value().contains(tag), 1, Duration.ofSeconds(60));
            assertThat(skips).hasSize(1);
            assertThat(EventJson.readSkip(skips.get(0).value()).reason()).isEqualTo(SkipEvent.TEXT_WITHHELD);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Metrics.value("cpa_certainty_skipped_total", "reason=\"text-withheld\"") < before + 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Metrics.value("cpa_certainty_skipped_total", "reason=\"text-withheld\"")).isEqualTo(before + 1);
            assertThat(StubModelResource.requests("/a/v1", "rotated-" + tag)).isEmpty();
        }
    }
}
