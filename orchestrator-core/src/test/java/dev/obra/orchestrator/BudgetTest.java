package dev.obra.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BudgetTest {
    private static final TaskMetrics SPENT =
            new TaskMetrics(2, 3, 1_000, 500, 0, 0, 7, new BigDecimal("0.25"), Duration.ofSeconds(30));

    @Test
    void anUnlimitedBudgetIsNeverExceeded() {
        assertThat(Budget.UNLIMITED.exceededBy(SPENT, Duration.ofDays(1))).isEmpty();
    }

    @Test
    void eachLimitSaysWhatReachedIt() {
        assertThat(Budget.UNLIMITED.withMaxWallTime(Duration.ofMinutes(1)).exceededBy(SPENT, Duration.ofMinutes(2)))
                .contains("wall time PT2M reached the budget of PT1M");
        assertThat(Budget.UNLIMITED.withMaxCostUsd(new BigDecimal("0.25")).exceededBy(SPENT, Duration.ZERO))
                .contains("cost $0.25 reached the budget of $0.25");
        assertThat(Budget.UNLIMITED.withMaxTokens(1_500).exceededBy(SPENT, Duration.ZERO))
                .contains("1500 tokens reached the budget of 1500");
        assertThat(Budget.UNLIMITED.withMaxTurns(7).exceededBy(SPENT, Duration.ZERO))
                .contains("7 turns reached the budget of 7");
    }

    @Test
    void limitsWithRoomLeftAreNotExceeded() {
        Budget roomy = Budget.UNLIMITED
                .withMaxWallTime(Duration.ofMinutes(5))
                .withMaxCostUsd(new BigDecimal("0.26"))
                .withMaxTokens(1_501)
                .withMaxTurns(8);
        assertThat(roomy.exceededBy(SPENT, Duration.ofMinutes(4))).isEmpty();
    }
}
