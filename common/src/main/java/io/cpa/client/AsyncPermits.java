package io.cpa.client;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * A semaphore that never blocks a thread: {@link #acquire()} returns a future that completes when a permit is held.
 * Waiters are served in arrival order. Invariant: {@code available + inUse == capacity}, and a waiter exists only
 * while {@code available == 0}.
 */
public final class AsyncPermits {
    private final int capacity;
    private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    private int available;

    public AsyncPermits(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        this.capacity = capacity;
        this.available = capacity;
    }

    /** Completes (possibly at once) when the caller holds one permit; the caller must {@link #release()} it. */
    public CompletableFuture<Void> acquire() {
        synchronized (this) {
            if (available > 0) {
                available--;
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> waiter = new CompletableFuture<>();
            waiters.add(waiter);
            return waiter;
        }
    }

    /** Hands the permit to the oldest waiter, or returns it. The waiter's continuation runs on this thread. */
    public void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiters.poll();
            if (next == null) {
                if (available == capacity) throw new IllegalStateException("release without a matching acquire");
                available++;
                return;
            }
        }
        next.complete(null);
    }

    public int capacity() {
        return capacity;
    }

    /** Permits held right now. */
    public synchronized int inUse() {
        return capacity - available;
    }

    /** Callers waiting for a permit right now. */
    public synchronized int waiting() {
        return waiters.size();
    }
}
