package io.cpa.certainty.plan;

import io.cpa.client.ChatRequest;
import io.cpa.prompt.CertaintyPromptVariant;
import io.cpa.route.CertaintyTarget;

import java.util.List;

/** What to do with one answer, before sampling and budget: ask these questions of this target, or skip with a reason. */
public sealed interface CertaintyPlan {
    /** The variants this answer is asked, or would have been: one outcome each. */
    List<CertaintyPromptVariant> variants();

    /** Nothing to ask: no text, no route, no credentials. One skip per variant. */
    record Skip(String reason, List<CertaintyPromptVariant> variants) implements CertaintyPlan {
        public Skip {
            variants = List.copyOf(variants);
        }
    }

    /** One certainty call per variant, all of the same target. */
    record Ask(CertaintyTarget target, List<Question> questions) implements CertaintyPlan {
        public Ask {
            questions = List.copyOf(questions);
        }

        @Override
        public List<CertaintyPromptVariant> variants() {
            return questions.stream().map(Question::variant).toList();
        }

        /** The questions whose variant is not among {@code done}. */
        public Ask without(java.util.Set<String> done) {
            return new Ask(target, questions.stream().filter(q -> !done.contains(q.variant().promptName())).toList());
        }

        public int promptChars() {
            return questions.stream().mapToInt(q -> q.request().messages().get(0).content().length()).sum();
        }
    }

    /**
     * @param quoteCut true when the quoted answer was cut at the quoting limit
     */
    record Question(CertaintyPromptVariant variant, ChatRequest request, boolean quoteCut) {}
}
