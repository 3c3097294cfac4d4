package io.cpa.analysis.series;

import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;
import io.cpa.privacy.TextRedaction;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RecentAnswersTest {
    static CertaintyEvent certainty(String raw) {
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, "a1", "m|s|cqp", "m", "s", "cqp", 1L, Instant.EPOCH, Instant.EPOCH,
                0.84, "option-ratio@1", "B", null, null, VerbalizedCertainty.ofLevel(CertaintyLevel.values()[4], raw), 0.2, 10L,
                null, null, null, "q1", "r", "m", "self", null, null, null);
    }

    @Test
    void aWithheldReplyIsShownAsSuchAndALongOneIsCut() {
        assertThat(RecentAnswers.shownReply(certainty("e. Fairly certain"))).isEqualTo("e. Fairly certain");
        assertThat(RecentAnswers.shownReply(certainty("x".repeat(400)))).hasSize(303).endsWith("...");
        CertaintyEvent withheld = certainty("e").withReply("", TextRedaction.withheldReply("sha256:00"));
        assertThat(RecentAnswers.shownReply(withheld)).isEqualTo("text withheld");
    }
}
