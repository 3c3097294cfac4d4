package io.cpa.analysis.topology;

import io.cpa.analysis.labels.LabelOutcomes;
import io.cpa.analysis.labels.LabelsConfig;
import io.cpa.analysis.labels.Verdict;
import io.cpa.analysis.stores.ExpiryOrder;
import io.cpa.analysis.stores.StoreKeys;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.event.EventJson;
import io.cpa.event.LabelEvent;
import io.cpa.event.Topics;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes labels, keyed by answer id, to the series of their answer. It sees, keyed by answer id on one partition, every
 * certainty's route (series, chosen option, event time) and every label, and keeps per answer what {@link AnswerRoutes}
 * holds. A label is resolved against the answer's chosen option and forwarded, keyed by series, to every series of the
 * answer; a series that appears later gets the labels already there. A label whose answer has no certainty yet waits
 * up to {@code pending-grace} (wall clock), then is a dead letter {@code unknown-answer}.
 *
 * <p>Bounds: routed answers are kept for {@code horizon} of event time behind the latest answer routed here (index
 * {@code R} of {@code label-routes-order}); waiting answers for the grace and at most {@code pending-max} per task
 * (index {@code P}); labellers per answer at most {@code max-labellers-per-answer}; series per answer at most
 * {@link #MAX_SERIES}.
 */
final class LabelRouter implements Processor<String, AnswerInput, String, SeriesInput> {
    private static final Logger LOG = Logger.getLogger(LabelRouter.class);
    static final int MAX_SERIES = 32;
    private static final String ROUTED = "R";
    private static final String WAITING = "P";
    private final LabelsConfig config;
    private final long horizonMs;
    private final DeadLetters deadLetters;
    private final LabelOutcomes outcomes;
    private ProcessorContext<String, SeriesInput> context;
    private KeyValueStore<String, String> routes;
    private KeyValueStore<String, String> order;
    private long latestEventMs = Long.MIN_VALUE;
    /** the order, scanned for expired routes only once the horizon has reached the oldest (nearly every certainty is a new latest) */
    private final ExpiryOrder expiry = new ExpiryOrder();
    private long waiting;

    LabelRouter(LabelsConfig config, long horizonMs, DeadLetters deadLetters, LabelOutcomes outcomes) {
        this.config = config;
        this.horizonMs = horizonMs;
        this.deadLetters = deadLetters;
        this.outcomes = outcomes;
    }

    @Override
    public void init(ProcessorContext<String, SeriesInput> context) {
        this.context = context;
        this.routes = context.getStateStore(StoreNames.ROUTES);
        this.order = context.getStateStore(StoreNames.ROUTES_ORDER);
        latestEventMs = Long.MIN_VALUE;
        expiry.attach(order);
        try (KeyValueIterator<String, String> it = order.reverseRange(StoreKeys.timeFrom(ROUTED), StoreKeys.timeTo(ROUTED, Long.MAX_VALUE))) {
            if (it.hasNext()) latestEventMs = StoreKeys.timedAt(it.next().key);
        }
        waiting = 0;
        try (KeyValueIterator<String, String> it = order.range(StoreKeys.timeFrom(WAITING), StoreKeys.timeTo(WAITING, Long.MAX_VALUE))) {
            while (it.hasNext()) {
                it.next();
                waiting++;
            }
        }
        context.schedule(config.pendingCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::expireWaiting);
    }

    @Override
    public void process(Record<String, AnswerInput> record) {
        String answerId = record.key();
        String stored = routes.get(answerId);
        AnswerRoutes entry = stored == null ? null : AnswerRoutes.read(stored);
        if (record.value() instanceof AnswerInput.Route route) {
            route(record, answerId, entry, route);
        } else {
            label(record, answerId, entry, ((AnswerInput.Label) record.value()).event());
        }
    }

    private void route(Record<String, AnswerInput> record, String answerId, AnswerRoutes entry, AnswerInput.Route route) {
        if (entry != null && entry.series().contains(route.seriesKey())) return; // a repeated certainty
        if (entry != null && entry.series().size() >= MAX_SERIES) {
            LOG.warnf("answer %s has %d series already; labels do not reach %s", answerId, MAX_SERIES, route.seriesKey());
            return;
        }
        if (entry == null) entry = AnswerRoutes.waiting(-1);
        if (!entry.routed()) {
            if (entry.waitingSinceMs() >= 0) {
                order.delete(StoreKeys.timed(WAITING, entry.waitingSinceMs(), answerId));
                waiting--;
            }
            expiry.put(ROUTED, route.eventTimeMs(), answerId);
        }
        entry = entry.withSeries(route.seriesKey(), route.chosenOption(), route.eventTimeMs());
        routes.put(answerId, entry.json());
        for (LabelEvent label : entry.labels()) forward(record, route.seriesKey(), entry, label);
        if (route.eventTimeMs() > latestEventMs) {
            latestEventMs = route.eventTimeMs();
            expireRouted();
        }
    }

    private void label(Record<String, AnswerInput> record, String answerId, AnswerRoutes entry, LabelEvent label) {
        LabelEvent earlier = entry == null ? null : entry.labelOf(label.labeller());
        if (earlier != null && earlier.sameJudgement(label) && earlier.labelledAt().equals(label.labelledAt())) {
            outcomes.count(LabelOutcomes.DUPLICATE);
            return;
        }
        if (entry != null && earlier == null && entry.labels().size() >= config.maxLabellersPerAnswer()) {
            deadLetter(label, LabelOutcomes.TOO_MANY_LABELLERS, "answer " + answerId + " has labels of "
                    + config.maxLabellersPerAnswer() + " labellers already");
            return;
        }
        if (entry == null) {
            if (latestEventMs != Long.MIN_VALUE && label.labelledAt().toEpochMilli() <= latestEventMs - horizonMs) {
                outcomes.count(LabelOutcomes.EXPIRED); // the answer is older still: past the horizon, or never seen
                return;
            }
            long now = context.currentSystemTimeMs();
            entry = AnswerRoutes.waiting(now);
            expiry.put(WAITING, now, answerId);
            waiting++;
        }
        entry = entry.withLabel(label);
        routes.put(answerId, entry.json());
        for (String series : entry.series()) forward(record, series, entry, label);
        if (waiting > config.pendingMax()) evictOldestWaiting();
    }

    private void forward(Record<String, AnswerInput> record, String series, AnswerRoutes entry, LabelEvent label) {
        // a label judges its own tenant's answer: should another tenant's answer share its id, its series get nothing
        if (!label.tenantOrDefault().equals(tenantOf(series))) return;
        Verdict v = new Verdict(label.labeller(), label.correctFor(entry.chosenOption()), label.labelledAt().toEpochMilli());
        context.forward(record.withKey(series).withValue(new SeriesInput.Label(label.answerId(), v, EventJson.write(label))));
    }

    private static String tenantOf(String series) {
        try {
            return io.cpa.event.SeriesKey.tenantOf(series);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Forgets routed answers past the horizon behind the latest event time routed here. */
    private void expireRouted() {
        for (String answerId : expiry.expire(ROUTED, latestEventMs - horizonMs + 1)) routes.delete(answerId);
    }

    private void expireWaiting(long nowMs) {
        List<KeyValue<String, String>> doomed = new ArrayList<>();
        try (KeyValueIterator<String, String> it = order.range(StoreKeys.timeFrom(WAITING), StoreKeys.timeTo(WAITING, nowMs - config.pendingGrace().toMillis() + 1))) {
            while (it.hasNext()) doomed.add(it.next());
        }
        for (KeyValue<String, String> kv : doomed) {
            dropWaiting(kv.key, LabelOutcomes.UNKNOWN_ANSWER, "no certainty of the answer within " + config.pendingGrace());
        }
    }

    private void evictOldestWaiting() {
        String oldest;
        try (KeyValueIterator<String, String> it = order.range(StoreKeys.timeFrom(WAITING), StoreKeys.timeTo(WAITING, Long.MAX_VALUE))) {
            if (!it.hasNext()) return;
            oldest = it.next().key;
        }
        dropWaiting(oldest, LabelOutcomes.PENDING_OVERFLOW, "more than " + config.pendingMax() + " answers with labels waiting for their certainty");
    }

    private void dropWaiting(String orderKey, String reason, String why) {
        String answerId = StoreKeys.timedId(orderKey);
        order.delete(orderKey);
        waiting--;
        String stored = routes.delete(answerId);
        if (stored == null) return;
        AnswerRoutes entry = AnswerRoutes.read(stored);
        for (LabelEvent label : entry.labels()) deadLetter(label, reason, why);
    }

    private void deadLetter(LabelEvent label, String reason, String why) {
        outcomes.deadLettered(reason);
        deadLetters.send(Topics.LABELS, -1, -1, label.answerId().getBytes(StandardCharsets.UTF_8),
                EventJson.write(label).getBytes(StandardCharsets.UTF_8), reason + ": " + why);
    }
}
