package io.cpa.answer.label;

import io.cpa.auth.Tenants;
import io.cpa.event.AnswerEvent;
import io.cpa.event.LabelEvent;
import io.cpa.question.ChoiceOption;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The answers the product has seen, as far as labels need them: each answer's time and option labels, and the last
 * judgement of each labeller (for duplicates). Fed by the answers this instance publishes and by {@code cpa.answers}
 * and {@code cpa.labels} as every instance reads them, so it works behind a load balancer.
 *
 * <p>Bounds: at most {@code maxAnswers} answers (the oldest noted is forgotten first), none older than
 * {@code horizon} by its {@code createdAt}, at most {@code maxLabellers} remembered judgements per answer (the oldest
 * forgotten first: a forgotten one is published again when repeated, which downstream replaces by itself), at most
 * {@code maxPending} labels waiting for their answer. Plain Java, one lock; waiting uses no thread.
 */
public final class KnownAnswers {
    /** An answer as labels see it; {@code tenant} is the answer's tenant ({@link Tenants#DEFAULT} when it names none). */
    public record Known(String answerId, Instant createdAt, List<String> options, String tenant) {}

    public enum Status { FOUND, UNKNOWN, LOADING, BUSY }

    /** What a lookup found: the answer, or why not (unknown after the grace; the index still loading; too many waiting). */
    public record Lookup(Status status, Known known) {
        static final Lookup UNKNOWN = new Lookup(Status.UNKNOWN, null);
        static final Lookup LOADING = new Lookup(Status.LOADING, null);
        static final Lookup BUSY = new Lookup(Status.BUSY, null);
    }

    public enum Verdict { ACCEPT, DUPLICATE, GONE }

    /** Whether a label is new; {@code previous} (the labeller's earlier judgement, if any) is for {@link #release}. */
    public record Reservation(Verdict verdict, Judgement previous) {}

    /** While the index is loading, a label waits this many graces at most before 503. */
    static final int MAX_LOADING_ROUNDS = 6;
    /** Distinct option label sets shared between entries at most (most answers share a handful: A-D, A-E). */
    private static final int MAX_SHARED_OPTION_SETS = 1024;
    private static final String[] NO_OPTIONS = new String[0];

    /** Labeller names shared between judgements at most. */
    private static final int MAX_SHARED_LABELLERS = 10_000;

    /**
     * A labeller's last judgement, compact (about 50 bytes; a whole LabelEvent held here would be about 260): what
     * {@link LabelEvent#sameJudgement} compares, and when it was received.
     */
    static final class Judgement {
        final String labeller;
        final String goldOption;
        final Boolean correct;
        final double score; // NaN: none
        final double threshold; // NaN: none
        final long receivedAtMillis;

        Judgement(LabelEvent l, String labeller, String goldOption) {
            this.labeller = labeller;
            this.goldOption = goldOption;
            this.correct = l.correct();
            this.score = l.score() == null ? Double.NaN : l.score();
            this.threshold = l.threshold() == null ? Double.NaN : l.threshold();
            this.receivedAtMillis = l.receivedAt().toEpochMilli();
        }

        /** The judgement as an event of the answer, for the contract's own comparison. */
        LabelEvent event(String answerId) {
            Instant at = Instant.ofEpochMilli(receivedAtMillis);
            return new LabelEvent(LabelEvent.SCHEMA_VERSION, "remembered", answerId, labeller, goldOption, correct,
                    Double.isNaN(score) ? null : score, Double.isNaN(threshold) ? null : threshold, at, at);
        }
    }

    private static final class Entry {
        final long createdAtMillis;
        final String[] options;
        final String tenant; // null for the default tenant, else one shared string per tenant
        Judgement[] labels; // null until labelled; the last accepted judgement per labeller

        Entry(long createdAtMillis, String[] options, String tenant) {
            this.createdAtMillis = createdAtMillis;
            this.options = options;
            this.tenant = tenant;
        }
    }

    private final int maxAnswers;
    private final Duration horizon;
    private final int maxLabellers;
    private final int maxPending;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, List<CompletableFuture<Lookup>>> waiting = new HashMap<>();
    private final Map<List<String>, String[]> optionSets = new HashMap<>();
    private final Map<String, String> labellers = new HashMap<>();
    private final Map<String, String> tenants = new HashMap<>();
    private int pending;
    private volatile boolean loaded;

    public KnownAnswers(int maxAnswers, Duration horizon, int maxLabellers, int maxPending, Clock clock) {
        if (maxAnswers < 1 || maxLabellers < 1 || maxPending < 0) throw new IllegalArgumentException("bounds must be positive");
        this.maxAnswers = maxAnswers;
        this.horizon = horizon;
        this.maxLabellers = maxLabellers;
        this.maxPending = maxPending;
        this.clock = clock;
    }

    /** The feed has read what the topics held at start-up: from now on an answer not here after the grace is unknown. */
    public void markLoaded() {
        loaded = true;
    }

    public boolean loaded() {
        return loaded;
    }

    public void note(AnswerEvent answer) {
        note(answer.answerId(), answer.createdAt(), answer.options().stream().map(ChoiceOption::label).toList(), answer.tenant());
    }

    /** An answer of the default tenant. */
    public void note(String answerId, Instant createdAt, List<String> options) {
        note(answerId, createdAt, options, null);
    }

    /**
     * Remembers an answer (again: its remembered judgements stay) and wakes the labels waiting for it. The first note
     * of an answer id decides its tenant: a later answer of another tenant under the same id does not take it over.
     */
    public void note(String answerId, Instant createdAt, List<String> options, String tenant) {
        long created = createdAt.toEpochMilli();
        long oldest = clock.millis() - horizon.toMillis();
        if (created < oldest) return;
        List<CompletableFuture<Lookup>> woken;
        Known known;
        synchronized (this) {
            Entry e = entries.get(answerId);
            if (e == null) {
                e = new Entry(created, shared(options), sharedTenant(tenant));
                entries.put(answerId, e);
                forgetOld(oldest);
            }
            woken = waiting.remove(answerId);
            if (woken == null) return;
            pending -= woken.size();
            known = known(answerId, e);
        }
        Lookup found = new Lookup(Status.FOUND, known);
        for (CompletableFuture<Lookup> f : woken) f.complete(found);
    }

    /** Remembers a label read from {@code cpa.labels}, unless a later one of the same labeller is remembered already. */
    public void noteLabel(LabelEvent label) {
        synchronized (this) {
            Entry e = entries.get(label.answerId());
            if (e == null || !tenantOf(e).equals(label.tenantOrDefault())) return;
            Judgement current = last(e, label.labeller());
            if (current == null || current.receivedAtMillis <= label.receivedAt().toEpochMilli()) remember(e, label);
        }
    }

    public synchronized Optional<Known> lookup(String answerId) {
        Entry e = entries.get(answerId);
        return e == null ? Optional.empty() : Optional.of(known(answerId, e));
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized int pending() {
        return pending;
    }

    /**
     * The answer, now or when it arrives within {@code grace}; unknown after it. While the index is still loading
     * the wait is extended, up to {@link #MAX_LOADING_ROUNDS} graces, then {@link Status#LOADING}.
     */
    public CompletableFuture<Lookup> await(String answerId, Duration grace) {
        CompletableFuture<Lookup> f = new CompletableFuture<>();
        synchronized (this) {
            Entry e = entries.get(answerId);
            if (e != null) return CompletableFuture.completedFuture(new Lookup(Status.FOUND, known(answerId, e)));
            if (pending >= maxPending) return CompletableFuture.completedFuture(Lookup.BUSY);
            waiting.computeIfAbsent(answerId, k -> new ArrayList<>(1)).add(f);
            pending++;
        }
        expireLater(answerId, f, grace, 1);
        return f;
    }

    private void expireLater(String answerId, CompletableFuture<Lookup> f, Duration grace, int round) {
        Executor later = CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS);
        later.execute(() -> {
            if (f.isDone()) return;
            if (!loaded && round < MAX_LOADING_ROUNDS) {
                expireLater(answerId, f, grace, round + 1);
                return;
            }
            synchronized (this) {
                List<CompletableFuture<Lookup>> list = waiting.get(answerId);
                if (list == null || !list.remove(f)) return; // found meanwhile
                if (list.isEmpty()) waiting.remove(answerId);
                pending--;
            }
            f.complete(loaded ? Lookup.UNKNOWN : Lookup.LOADING);
        });
    }

    /**
     * Takes the label as the labeller's last judgement unless it is the same judgement as the last one
     * ({@link Verdict#DUPLICATE}); {@link Verdict#GONE} when the answer was forgotten meanwhile. Checked and taken in
     * one step, so two equal labels at once publish one. {@link #release} undoes it when publishing fails.
     */
    public synchronized Reservation reserve(LabelEvent label) {
        Entry e = entries.get(label.answerId());
        if (e == null) return new Reservation(Verdict.GONE, null);
        Judgement previous = last(e, label.labeller());
        if (previous != null && previous.event(label.answerId()).sameJudgement(label)) return new Reservation(Verdict.DUPLICATE, previous);
        remember(e, label);
        return new Reservation(Verdict.ACCEPT, previous);
    }

    /** The label was not published: the labeller's judgement is the reserved one's previous again, unless another came since. */
    public synchronized void release(LabelEvent label, Reservation reservation) {
        Entry e = entries.get(label.answerId());
        if (e == null || e.labels == null) return;
        for (int i = 0; i < e.labels.length; i++) {
            Judgement j = e.labels[i];
            if (j.labeller.equals(label.labeller()) && j.receivedAtMillis == label.receivedAt().toEpochMilli()
                    && j.event(label.answerId()).sameJudgement(label)) {
                if (reservation.previous() != null) {
                    e.labels[i] = reservation.previous();
                } else {
                    Judgement[] rest = new Judgement[e.labels.length - 1];
                    System.arraycopy(e.labels, 0, rest, 0, i);
                    System.arraycopy(e.labels, i + 1, rest, i, rest.length - i);
                    e.labels = rest.length == 0 ? null : rest;
                }
                return;
            }
        }
    }

    private static Judgement last(Entry e, String labeller) {
        if (e.labels == null) return null;
        for (Judgement j : e.labels) if (j.labeller.equals(labeller)) return j;
        return null;
    }

    /** The label replaces its labeller's earlier one and moves to the end; beyond the bound the oldest is forgotten. */
    private void remember(Entry e, LabelEvent label) {
        List<Judgement> kept = new ArrayList<>(e.labels == null ? 1 : e.labels.length + 1);
        if (e.labels != null) for (Judgement j : e.labels) if (!j.labeller.equals(label.labeller())) kept.add(j);
        kept.add(new Judgement(label, shared(label.labeller()), sharedOption(e, label.goldOption())));
        while (kept.size() > maxLabellers) kept.remove(0);
        e.labels = kept.toArray(Judgement[]::new);
    }

    /** Insertion order is roughly time order: the count bound drops the head, the horizon drops an old head. */
    private void forgetOld(long oldest) {
        Iterator<Entry> it = entries.values().iterator();
        int size = entries.size();
        while (it.hasNext()) {
            Entry head = it.next();
            if (size <= maxAnswers && head.createdAtMillis >= oldest) break;
            it.remove();
            size--;
        }
    }

    private String[] shared(List<String> options) {
        if (options.isEmpty()) return NO_OPTIONS;
        String[] set = optionSets.get(options);
        if (set != null) return set;
        set = options.toArray(String[]::new);
        if (optionSets.size() < MAX_SHARED_OPTION_SETS) optionSets.put(List.copyOf(options), set);
        return set;
    }

    /** Tenants are few: one string each, null for the default, so an entry costs one reference for its tenant. */
    private String sharedTenant(String tenant) {
        String t = Tenants.normalize(tenant);
        if (Tenants.DEFAULT.equals(t)) return null;
        String s = tenants.get(t);
        if (s != null) return s;
        if (tenants.size() < MAX_SHARED_LABELLERS) tenants.put(t, t);
        return t;
    }

    private static String tenantOf(Entry e) {
        return e.tenant == null ? Tenants.DEFAULT : e.tenant;
    }

    private String shared(String labeller) {
        String s = labellers.get(labeller);
        if (s != null) return s;
        if (labellers.size() < MAX_SHARED_LABELLERS) labellers.put(labeller, labeller);
        return labeller;
    }

    /** A gold option as the answer's own option string when it is one (it is, once the desk has checked it). */
    private static String sharedOption(Entry e, String goldOption) {
        if (goldOption == null) return null;
        for (String o : e.options) if (o.equals(goldOption)) return o;
        return goldOption;
    }

    private static Known known(String answerId, Entry e) {
        return new Known(answerId, Instant.ofEpochMilli(e.createdAtMillis), List.of(e.options), tenantOf(e));
    }

    @Override
    public String toString() {
        return "KnownAnswers[" + size() + " of " + maxAnswers + ", horizon " + Objects.toString(horizon) + "]";
    }
}
