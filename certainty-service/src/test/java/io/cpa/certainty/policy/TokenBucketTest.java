package io.cpa.certainty.policy;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class TokenBucketTest {
    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void startsFullRefillsLinearlyAndNeverAboveCapacity() {
        TokenBucket bucket = new TokenBucket(60, now::get); // one per second
        for (int i = 0; i < 60; i++) assertThat(bucket.tryTake(1, 0)).isTrue();
        assertThat(bucket.tryTake(1, 0)).isFalse();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(2500));
        assertThat(bucket.level()).isCloseTo(2.5, offset(1e-9));
        assertThat(bucket.tryTake(2, 0)).isTrue();
        assertThat(bucket.tryTake(1, 0)).isFalse();
        now.addAndGet(TimeUnit.MINUTES.toNanos(10));
        assertThat(bucket.level()).isEqualTo(60);
    }

    @Test
    void aReserveIsKeptForOthersAndADebtIsRepaidBeforeNewTakes() {
        TokenBucket bucket = new TokenBucket(100, now::get);
        assertThat(bucket.tryTake(70, 20)).isTrue();
        assertThat(bucket.tryTake(15, 20)).as("would leave 15 < 20").isFalse();
        assertThat(bucket.tryTake(15, 0)).isTrue();
        bucket.adjust(40); // the call used 40 more than estimated
        assertThat(bucket.level()).isCloseTo(-25, offset(1e-9));
        assertThat(bucket.tryTake(1, 0)).isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(15)); // +25
        assertThat(bucket.level()).isCloseTo(0, offset(1e-9));
    }
}
