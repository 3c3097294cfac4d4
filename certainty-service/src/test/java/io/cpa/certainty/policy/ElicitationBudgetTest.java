package io.cpa.certainty.policy;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ElicitationBudgetTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void unlabelledAnswersStopAtTheReserveWhileLabelledOnesMayUseIt() {
        ElicitationBudget budget = new ElicitationBudget(10, 0, 0.3, now::get);
        int unlabelled = 0;
        while (budget.reserve("m", false, 0).elicit()) unlabelled++;
        assertThat(unlabelled).isEqualTo(7);
        assertThat(budget.reserve("m", false, 0).skipReason()).isEqualTo(Decision.REQUEST_BUDGET);
        int labelled = 0;
        while (budget.reserve("m", true, 0).elicit()) labelled++;
        assertThat(labelled).isEqualTo(3);
        assertThat(budget.reserve("other-model", false, 0).elicit()).as("each model has its own budget").isTrue();
    }

    @Test
    void tokensAreReservedByEstimateAndSettledByUse() {
        ElicitationBudget budget = new ElicitationBudget(0, 1000, 0, now::get);
        Decision first = budget.reserve("m", false, 400);
        assertThat(first.elicit()).isTrue();
        assertThat(first.reservedTokens()).isEqualTo(400);
        assertThat(budget.reserve("m", false, 400).elicit()).isTrue();
        assertThat(budget.reserve("m", false, 400).skipReason()).isEqualTo(Decision.TOKEN_BUDGET);
        budget.settle("m", 400, 100); // both calls used 100 of the 400 estimated
        budget.settle("m", 400, 100);
        assertThat(budget.reserve("m", false, 400).elicit()).isTrue();
        now.addAndGet(TimeUnit.MINUTES.toNanos(1));
        assertThat(budget.reserve("m", false, 1000).elicit()).isTrue();
    }

    @Test
    void aTokenShortageGivesTheRequestBack() {
        ElicitationBudget budget = new ElicitationBudget(2, 100, 0, now::get);
        assertThat(budget.reserve("m", false, 500).skipReason()).isEqualTo(Decision.TOKEN_BUDGET);
        assertThat(budget.reserve("m", false, 10).elicit()).isTrue();
        assertThat(budget.reserve("m", false, 10).elicit()).as("the refused call did not use a request").isTrue();
        assertThat(budget.reserve("m", false, 10).skipReason()).isEqualTo(Decision.REQUEST_BUDGET);
    }
}
