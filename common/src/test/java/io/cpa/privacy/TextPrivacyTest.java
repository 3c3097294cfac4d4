package io.cpa.privacy;

import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.confidence.ConfidenceSource;
import io.cpa.confidence.InternalConfidence;
import io.cpa.confidence.OptionConfidence;
import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.InvalidEventException;
import io.cpa.logprob.EndpointKind;
import io.cpa.logprob.TokenLogprob;
import io.cpa.logprob.TokenLogprobs;
import io.cpa.logprob.TopLogprob;
import io.cpa.logprob.ValueMode;
import io.cpa.question.ChoiceOption;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextPrivacyTest {
    static final String MARKER = "zq-marker-7731";
    static final byte[] DIGEST_KEY = "sixteen+ bytes of digest key....".getBytes();

    static AnswerEvent answer(String route) {
        TokenLogprobs lp = new TokenLogprobs(EndpointKind.values()[0], ValueMode.UNKNOWN, List.of(new TokenLogprob("B", null, null,
                Math.log(0.8), List.of(new TopLogprob("B", null, null, Math.log(0.8)), new TopLogprob("A", null, null, Math.log(0.15))))), 0, 2);
        InternalConfidence ic = OptionConfidence.compute(lp, List.of("A", "B"));
        return new AnswerEvent(AnswerEvent.SCHEMA_VERSION, "a1", Instant.parse("2026-01-02T03:04:05Z"), "m", "s", "proxy",
                "openai-chat", 1L, "q1", "Where are books lent, " + MARKER + "? " + "x".repeat(300),
                List.of(new ChoiceOption("A", "a river " + MARKER), new ChoiceOption("B", "a library")), "B. a library " + MARKER,
                "B", null, null, lp, ic, ConfidenceSource.LOGPROBS, 0.2, null, null, null, route, null, null);
    }

    static TextPrivacy privacy(TextPolicy policy, Optional<TransitSeal> seal) {
        return new TextPrivacy(new TextPolicies(policy, 20, Map.of(), Map.of()), TextDigests.keyed(DIGEST_KEY), seal);
    }

    static CertaintyEvent certainty(String raw) {
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, "a1", "m|s|cqp", "m", "s", "cqp", 1L, Instant.EPOCH, Instant.EPOCH,
                0.84, "option-ratio@1", "B", null, null, VerbalizedCertainty.ofLevel(CertaintyLevel.values()[4], raw), 0.2, 10L,
                null, null, null, "q1", "r", "m", "self", null, null, null);
    }

    @Test
    void keepLeavesTheAnswerAsItCame() {
        AnswerEvent a = answer("r");
        assertThat(privacy(TextPolicy.KEEP, Optional.empty()).redact(a, "r", null)).isSameAs(a);
    }

    @Test
    void truncateCutsEachTextMarksItAndDropsTheLogprobs() {
        AnswerEvent t = privacy(TextPolicy.TRUNCATE, Optional.empty()).redact(answer("r"), "r", null);
        assertThat(t.question()).isEqualTo("Where are books lent");
        assertThat(t.answerText()).isEqualTo("B. a library zq-mark");
        assertThat(t.options()).extracting(ChoiceOption::text).containsExactly("a river zq-marker-77", "a library");
        assertThat(t.logprobs()).isNull();
        assertThat(t.confidence()).isEqualTo(answer("r").confidence()).as("the IC stays");
        assertThat(t.chosenOption()).isEqualTo("B");
        assertThat(t.redaction()).isEqualTo(TextRedaction.truncated(20, true));
        assertThat(EventJson.readAnswer(EventJson.write(t))).isEqualTo(t);
    }

    @Test
    void truncateNeverSplitsASurrogatePair() {
        assertThat(TextPrivacy.truncate("ab😀c", 3)).isEqualTo("ab");
        assertThat(TextPrivacy.truncate("ab😀c", 4)).isEqualTo("ab😀");
        assertThat(TextPrivacy.truncate("abc", 3)).isEqualTo("abc");
        assertThat(TextPrivacy.truncate(null, 3)).isNull();
    }

    @Test
    void noneWithholdsEveryTextAndKeepsDigestsAndTheSignals() {
        AnswerEvent a = answer("r");
        AnswerEvent n = privacy(TextPolicy.NONE, Optional.empty()).redact(a, "r", null);
        String json = EventJson.write(n);
        assertThat(json).doesNotContain(MARKER).doesNotContain("library").doesNotContain("books");
        assertThat(n.question()).isEmpty();
        assertThat(n.answerText()).isNull();
        assertThat(n.options()).extracting(ChoiceOption::label).containsExactly("A", "B");
        assertThat(n.confidence().value()).isEqualTo(a.confidence().value());
        assertThat(n.redaction().questionDigest()).isEqualTo(TextDigests.keyed(DIGEST_KEY).digest(a.question()));
        assertThat(n.redaction().answerDigest()).startsWith("hmac-sha256:");
        assertThat(n.redaction().sealed()).isNull();
        assertThat(EventJson.readAnswer(json)).isEqualTo(n);
    }

    @Test
    void anEventThatSaysNoneButCarriesTextIsRejectedWhenRead() throws Exception {
        AnswerEvent n = privacy(TextPolicy.NONE, Optional.empty()).redact(answer("r"), "r", null);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) EventJson.mapper().readTree(EventJson.write(n));
        tree.put("answerText", "leaked");
        assertThatThrownBy(() -> EventJson.readAnswer(tree.toString())).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("redaction none: answerText must be absent");
    }

    @Test
    void aSealedAnswerOpensOnlyWithTheKey() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        AnswerEvent a = answer("r");
        AnswerEvent sealed = privacy(TextPolicy.NONE, Optional.of(new TransitSeal(key))).redact(a, "r", null);
        assertThat(EventJson.write(sealed)).doesNotContain(MARKER);
        assertThat(sealed.redaction().sealed()).startsWith("v1:");

        TextPrivacy reader = new TextPrivacy(TextPolicies.keepAll(), TextDigests.keyed(DIGEST_KEY), Optional.of(new TransitSeal(key)));
        assertThat(reader.replyPolicy(sealed, "r", null)).isEqualTo(TextPolicy.NONE);
        AnswerEvent opened = reader.open(EventJson.readAnswer(EventJson.write(sealed)));
        assertThat(opened.question()).isEqualTo(a.question());
        assertThat(opened.options()).isEqualTo(a.options());
        assertThat(opened.answerText()).isEqualTo(a.answerText());
        assertThat(opened.redaction()).isNull();

        assertThat(TextPrivacy.keepAll().open(sealed)).isSameAs(sealed).as("no key: stays withheld");
        byte[] rotated = new byte[32];
        new SecureRandom().nextBytes(rotated);
        TextPrivacy afterRotation = new TextPrivacy(TextPolicies.keepAll(), TextDigests.unkeyed(), Optional.of(new TransitSeal(rotated)));
        assertThatThrownBy(() -> afterRotation.open(sealed)).isInstanceOf(TransitSeal.UnreadableException.class);
    }

    @Test
    void theReplyFollowsItsAnswersPolicyOrTheServicesOwnIfStricter() {
        TextPrivacy keep = privacy(TextPolicy.KEEP, Optional.empty());
        AnswerEvent truncated = privacy(TextPolicy.TRUNCATE, Optional.empty()).redact(answer("r"), "r", null);
        assertThat(keep.replyPolicy(answer("r"), "r", null)).isEqualTo(TextPolicy.KEEP);
        assertThat(keep.replyPolicy(truncated, "r", null)).isEqualTo(TextPolicy.TRUNCATE);
        assertThat(privacy(TextPolicy.NONE, Optional.empty()).replyPolicy(truncated, "r", null)).isEqualTo(TextPolicy.NONE);

        CertaintyEvent c = certainty("I am fairly sure: e, " + MARKER);
        assertThat(keep.redactReply(c, TextPolicy.KEEP)).isSameAs(c);
        CertaintyEvent t = keep.redactReply(c, TextPolicy.TRUNCATE);
        assertThat(t.certainty().raw()).isEqualTo("I am fairly sure: e,");
        assertThat(t.redaction().truncated()).isTrue();
        CertaintyEvent n = keep.redactReply(c, TextPolicy.NONE);
        assertThat(n.certainty().raw()).isEmpty();
        assertThat(n.certainty().value()).isEqualTo(c.certainty().value());
        assertThat(n.redaction().replyDigest()).isEqualTo(TextDigests.keyed(DIGEST_KEY).digest(c.certainty().raw()));
        String json = EventJson.write(n);
        assertThat(json).doesNotContain(MARKER);
        assertThat(EventJson.readCertainty(json)).isEqualTo(n);
    }
}
