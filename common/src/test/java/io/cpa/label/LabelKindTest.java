package io.cpa.label;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelKindTest {
    @Test
    void labellersAndTheirKinds() {
        assertEquals(LabelKind.HUMAN, LabelKind.ofLabeller("human"));
        assertEquals(LabelKind.HUMAN, LabelKind.ofLabeller("human:alice"));
        assertEquals(LabelKind.USER_FEEDBACK, LabelKind.ofLabeller("user-feedback"));
        assertEquals(LabelKind.USER_FEEDBACK, LabelKind.ofLabeller("user-feedback:thumbs"));
        assertEquals(LabelKind.JUDGE, LabelKind.ofLabeller("judge:gpt-4o"));
    }

    @Test
    void badLabellersSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelKind.ofLabeller("judge")).getMessage().contains("judge:<model>"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelKind.ofLabeller("gold")).getMessage().contains("travel with the answer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelKind.ofLabeller("robot")).getMessage().contains("human[:<name>]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelKind.ofLabeller("human:")).getMessage().contains("empty name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelKind.ofLabeller("human: bob")).getMessage().contains("whitespace"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelKind.ofLabeller(" ")).getMessage().contains("missing"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelKind.ofLabeller("human:" + "x".repeat(300))).getMessage().contains("200"));
    }

    @Test
    void precedenceIsGoldHumanJudgeUserFeedback() {
        assertEquals(java.util.List.of(LabelKind.GOLD, LabelKind.HUMAN, LabelKind.JUDGE, LabelKind.USER_FEEDBACK), LabelKind.DEFAULT_PRECEDENCE);
        assertEquals(LabelKind.USER_FEEDBACK, LabelKind.of("User-Feedback"));
    }
}
