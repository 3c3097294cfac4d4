package io.cpa.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.question.ChoiceOption;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies the text policy to events, as plain functions of the configuration: the answer-service redacts each answer
 * before it leaves ({@link #redact(AnswerEvent, String, String)}); the certainty-service opens a sealed answer in memory to ask
 * its certainty ({@link #open(AnswerEvent)}) and redacts the reply under the same policy
 * ({@link #redactReply(CertaintyEvent, TextPolicy)}).
 *
 * <ul>
 *   <li>{@code keep}: unchanged.</li>
 *   <li>{@code truncate}: question, option texts and answer cut to {@code truncate-chars} characters each (never
 *       inside a surrogate pair), token logprobs left out (their tokens are the answer's whole text; the IC computed
 *       from them stays).</li>
 *   <li>{@code none}: no text and no logprobs; the question's and answer's digests instead, and with a transit key
 *       the three texts sealed for the certainty-service, the answer id as associated data.</li>
 * </ul>
 */
public final class TextPrivacy {
    private final TextPolicies policies;
    private final TextDigests digests;
    private final Optional<TransitSeal> seal;

    public TextPrivacy(TextPolicies policies, TextDigests digests, Optional<TransitSeal> seal) {
        this.policies = policies;
        this.digests = digests;
        this.seal = seal;
    }

    /**
     * From a service's settings, every bad value failing with its key named (never a key's value):
     *
     * @param text           {@code cpa.privacy.text}
     * @param truncateChars  {@code cpa.privacy.truncate-chars}
     * @param digestKey      {@code cpa.privacy.digest-key}, base64
     * @param transitKey     {@code cpa.privacy.transit-key}, base64 of 32 bytes
     * @param tenantTexts    {@code cpa.privacy.tenants.<tenant>.text} by tenant
     * @param routeProperties configuration properties among which the routes' {@code text} keys are read
     *                       ({@link TextPolicies#routeTexts})
     */
    public static TextPrivacy configured(String text, int truncateChars, Optional<String> digestKey, Optional<String> transitKey,
                                         java.util.Map<String, String> tenantTexts, java.util.Map<String, String> routeProperties) {
        java.util.Map<String, TextPolicy> tenants = new java.util.TreeMap<>();
        tenantTexts.forEach((t, v) -> tenants.put(t, TextPolicy.byName(v, "cpa.privacy.tenants." + t + ".text")));
        TextPolicies policies = new TextPolicies(TextPolicy.byName(text, "cpa.privacy.text"), truncateChars, tenants,
                TextPolicies.routeTexts(routeProperties));
        return new TextPrivacy(policies, TextDigests.fromBase64(digestKey), TransitSeal.fromBase64(transitKey));
    }

    public static TextPrivacy keepAll() {
        return new TextPrivacy(TextPolicies.keepAll(), TextDigests.unkeyed(), Optional.empty());
    }

    public TextPolicies policies() {
        return policies;
    }

    public boolean canSeal() {
        return seal.isPresent();
    }

    /** What a service logs of its settings at start: the policies, the digest's kind, whether it seals; never a key. */
    public String describe() {
        return policies + ", digest " + (digests.isKeyed() ? "hmac-sha256 (keyed)" : "sha256 (no key: short texts are guessable)")
                + ", transit " + (seal.isPresent() ? "sealed with aes-256-gcm" : "no key");
    }

    /** The texts a sealed answer carries, as its JSON plaintext. */
    record SealedText(String question, List<String> options, String answerText) {}

    /**
     * The answer as it may leave the service, under the policy of {@code route} and {@code tenant} (null: the default
     * tenant). The route is the one the answer came through, or for an answer that came through none (ingest, OTLP)
     * the route the table gives its model; null when neither is known.
     */
    public AnswerEvent redact(AnswerEvent answer, String route, String tenant) {
        if (answer.redaction() != null) return answer; // already redacted where it was built
        TextPolicy policy = policies.resolve(route, tenant);
        return switch (policy) {
            case KEEP -> answer;
            case TRUNCATE -> truncate(answer);
            case NONE -> withhold(answer);
        };
    }

    private AnswerEvent truncate(AnswerEvent a) {
        int n = policies.truncateChars();
        boolean cut = longer(a.question(), n) || longer(a.answerText(), n)
                || a.options().stream().anyMatch(o -> longer(o.text(), n));
        List<ChoiceOption> options = a.options().stream().map(o -> new ChoiceOption(o.label(), truncate(o.text(), n))).toList();
        return a.withText(truncate(a.question(), n), options, truncate(a.answerText(), n), null, TextRedaction.truncated(n, cut));
    }

    private AnswerEvent withhold(AnswerEvent a) {
        String sealed = seal.map(s -> s.seal(EventJson.write(new SealedText(a.question(),
                a.options().stream().map(ChoiceOption::text).toList(), a.answerText())), a.answerId())).orElse(null);
        List<ChoiceOption> options = a.options().stream().map(o -> new ChoiceOption(o.label(), "")).toList();
        return a.withText("", options, null, null,
                TextRedaction.withheld(digests.digest(a.question()), digests.digest(a.answerText()), sealed));
    }

    /**
     * The answer with its withheld text back, in memory only, when it was sealed and this service holds the key that
     * opens it (its redaction then removed, so that the certainty can be asked); otherwise the answer as it is. The
     * policy the reply follows must be taken before ({@link #replyPolicy}).
     */
    public AnswerEvent open(AnswerEvent answer) throws TransitSeal.UnreadableException {
        TextRedaction r = answer.redaction();
        if (r == null || !r.withheld() || r.sealed() == null || seal.isEmpty()) return answer;
        SealedText text;
        try {
            text = EventJson.mapper().readValue(seal.get().open(r.sealed(), answer.answerId()), SealedText.class);
        } catch (JsonProcessingException e) {
            throw new TransitSeal.UnreadableException("sealed text is not the expected JSON");
        }
        if (text.options() == null || text.options().size() != answer.options().size()) {
            throw new TransitSeal.UnreadableException("sealed text has another number of options than the answer");
        }
        List<ChoiceOption> options = new ArrayList<>();
        for (int i = 0; i < answer.options().size(); i++) options.add(new ChoiceOption(answer.options().get(i).label(), text.options().get(i)));
        return answer.withText(text.question() == null ? "" : text.question(), options, text.answerText(), null, null);
    }

    /** The policy of a certainty reply: its answer's, or this service's own for the answer's route and tenant if stricter. */
    public TextPolicy replyPolicy(AnswerEvent answer, String route, String tenant) {
        return TextRedaction.policyOf(answer.redaction()).stricter(policies.resolve(route, tenant));
    }

    /** The certainty as it may leave the service, under {@code policy}. */
    public CertaintyEvent redactReply(CertaintyEvent certainty, TextPolicy policy) {
        String raw = certainty.certainty().raw();
        return switch (policy) {
            case KEEP -> certainty;
            case TRUNCATE -> certainty.withReply(truncate(raw, policies.truncateChars()),
                    TextRedaction.truncated(policies.truncateChars(), longer(raw, policies.truncateChars())));
            case NONE -> certainty.withReply("", TextRedaction.withheldReply(digests.digest(raw)));
        };
    }

    /** The first {@code n} characters of {@code s}, one fewer when the cut would split a surrogate pair; null for null. */
    public static String truncate(String s, int n) {
        if (s == null || s.length() <= n) return s;
        int end = Character.isHighSurrogate(s.charAt(n - 1)) ? n - 1 : n;
        return s.substring(0, end);
    }

    private static boolean longer(String s, int n) {
        return s != null && s.length() > n;
    }
}
