package io.cpa.client;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsyncPermitsTest {

    @Test
    void grantsUpToCapacityThenQueuesInArrivalOrder() {
        AsyncPermits permits = new AsyncPermits(2);
        assertThat(permits.acquire()).isDone();
        assertThat(permits.acquire()).isDone();
        CompletableFuture<Void> third = permits.acquire();
        CompletableFuture<Void> fourth = permits.acquire();
        assertThat(third).isNotDone();
        assertThat(permits.waiting()).isEqualTo(2);
        assertThat(permits.inUse()).isEqualTo(2);

        permits.release();
        assertThat(third).isDone();
        assertThat(fourth).isNotDone();
        assertThat(permits.inUse()).isEqualTo(2);

        permits.release();
        assertThat(fourth).isDone();
        permits.release();
        permits.release();
        assertThat(permits.inUse()).isZero();
    }

    @Test
    void aReleaseWithoutAcquireIsABug() {
        AsyncPermits permits = new AsyncPermits(1);
        assertThatThrownBy(permits::release).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void neverMoreHoldersThanCapacityUnderConcurrentUse() throws Exception {
        AsyncPermits permits = new AsyncPermits(3);
        java.util.concurrent.atomic.AtomicInteger holders = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger maxHolders = new java.util.concurrent.atomic.AtomicInteger();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 400; i++) {
                done.add(permits.acquire().thenRunAsync(() -> {
                    int now = holders.incrementAndGet();
                    maxHolders.accumulateAndGet(now, Math::max);
                    holders.decrementAndGet();
                    permits.release();
                }, pool));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(maxHolders.get()).isBetween(1, 3);
        assertThat(permits.inUse()).isZero();
    }
}
