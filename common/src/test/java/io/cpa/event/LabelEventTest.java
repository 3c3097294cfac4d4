package io.cpa.event;

import io.cpa.label.LabelKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelEventTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static LabelEvent label(String labeller, String gold, Boolean correct, Double score, Double threshold) {
        return new LabelEvent(1, "l1", "a1", labeller, gold, correct, score, threshold, T, T.plusSeconds(5));
    }

    @Test
    void eachVerdictForm() {
        assertTrue(label("human", "b", null, null, null).correctFor("B"));
        assertFalse(label("human", "B", null, null, null).correctFor("C"));
        assertFalse(label("human", "B", null, null, null).correctFor(null), "an answer naming no option is incorrect");
        assertFalse(label("user-feedback", null, false, null, null).correctFor("B"));
        assertTrue(label("judge:m", null, null, 0.5, null).correctFor(null), "the default threshold 0.5 counts as correct");
        assertFalse(label("judge:m", null, null, 0.69, 0.7).correctFor(null));
        assertTrue(label("judge:m", null, null, 0.7, 0.7).correctFor(null));
        assertEquals(LabelKind.JUDGE, label("judge:m", null, true, null, null).kind());
    }

    @Test
    void exactlyOneFormAndValuesInRange() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> label("human", "A", true, null, null)).getMessage().contains("exactly one"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> label("human", null, null, null, null)).getMessage().contains("found 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> label("judge:m", null, null, 1.2, null)).getMessage().contains("score outside"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> label("judge:m", null, null, Double.NaN, null)).getMessage().contains("score outside"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> label("judge:m", null, null, 0.5, -0.1)).getMessage().contains("threshold outside"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> label("human", null, true, null, 0.5)).getMessage().contains("only taken with a score"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> label("human", "", null, null, null)).getMessage().contains("goldOption"));
    }

    @Test
    void roundTripsAndBadRecordsSayTheField() {
        LabelEvent l = label("judge:gpt-4o", null, null, 0.8, 0.6);
        assertEquals(l, EventJson.readLabel(EventJson.write(l)));
        String noAnswer = EventJson.write(l).replace("\"answerId\":\"a1\",", "");
        assertTrue(assertThrows(InvalidEventException.class, () -> EventJson.readLabel(noAnswer)).getMessage().contains("answerId"));
        String badLabeller = EventJson.write(l).replace("judge:gpt-4o", "judge");
        assertTrue(assertThrows(InvalidEventException.class, () -> EventJson.readLabel(badLabeller)).getMessage().contains("judge:<model>"));
        String v2 = EventJson.write(l).replace("\"schemaVersion\":1", "\"schemaVersion\":2");
        assertTrue(assertThrows(InvalidEventException.class, () -> EventJson.readLabel(v2)).getMessage().contains("unsupported schemaVersion"));
    }

    @Test
    void sameJudgementIgnoresIdsAndTimes() {
        LabelEvent a = label("human:a", null, true, null, null);
        LabelEvent b = new LabelEvent(1, "l2", "a1", "human:a", null, true, null, null, T.plusSeconds(60), T.plusSeconds(61));
        assertTrue(a.sameJudgement(b));
        assertFalse(a.sameJudgement(label("human:a", null, false, null, null)));
        assertFalse(a.sameJudgement(label("human:b", null, true, null, null)));
    }
}
