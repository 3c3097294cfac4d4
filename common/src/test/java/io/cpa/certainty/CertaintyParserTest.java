package io.cpa.certainty;

import io.cpa.prompt.CertaintyPromptVariant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CertaintyParserTest {

    @Test
    void parseDispatchesOnTheVariantsScale() {
        assertThat(CertaintyParser.parse("85", CertaintyPromptVariant.NUMERIC).numeric()).isEqualTo(85);
        // "85" is not a level, and "b" is not a number
        assertThat(CertaintyParser.parse("85", CertaintyPromptVariant.CQP).status()).isEqualTo(ParseStatus.NONE);
        assertThat(CertaintyParser.parse("b", CertaintyPromptVariant.NUMERIC).status()).isEqualTo(ParseStatus.NONE);
        assertThat(CertaintyParser.parseLevels("b").level()).isEqualTo(CertaintyLevel.FAIRLY_CERTAIN);
    }

    @Test
    void numericValueIsVMinusOneOver99() {
        // 1 -> 0, 100 -> 1, 50 -> 49/99 = 0.4949...
        assertThat(CertaintyParser.parseNumber("1").value()).isEqualTo(0.0);
        assertThat(CertaintyParser.parseNumber("100").value()).isEqualTo(1.0);
        assertThat(CertaintyParser.parseNumber("50").value()).isEqualTo(49 / 99.0);
    }

    @Test
    void theLastSubstringRuleOfTheReleaseWouldMisreadThese() {
        // a last-substring search for "very certain" / "certain" finds a level inside each of these negations
        for (String reply : new String[] {"not very certain", "I'm not very certain at all.", "isn't very certain"}) {
            VerbalizedCertainty vc = CertaintyParser.parseLevels(reply);
            assertThat(vc.level()).as(reply).isNotEqualTo(CertaintyLevel.VERY_CERTAIN);
            assertThat(vc.status()).as(reply).isEqualTo(ParseStatus.NONE);
        }
        assertThat(CertaintyParser.parseLevels("Not Certain").level()).isEqualTo(CertaintyLevel.NOT_CERTAIN);
        assertThat(CertaintyParser.parseLevels("very uncertain").level()).isEqualTo(CertaintyLevel.VERY_UNCERTAIN);
    }

    @Test
    void longUnstructuredReplyIsParsed() {
        // guards against catastrophic regex backtracking on long unstructured text
        String reply = "the model considered many things and ".repeat(2000) + "I am somewhat certain.";
        assertThat(CertaintyParser.parseLevels(reply).level()).isEqualTo(CertaintyLevel.SOMEWHAT_CERTAIN);
    }
}
