package io.cpa.answer.benchmark;

import java.time.Instant;

/**
 * Progress of one run as the API shows it.
 *
 * @param total      answers planned, or -1 when cycling without a limit
 * @param published  answers published to Kafka
 * @param failed     model calls or publishes that failed (logged with their reason)
 * @param ratePerSecond achieved rate since the start
 * @param etaSeconds  estimated seconds left, or -1 when unknown
 * @param labels      the late labels of a run that posts its gold labels late, else null
 */
public record RunStatus(String id, String state, String source, long total, long published, long failed,
                        double ratePerSecond, long etaSeconds, Instant startedAt, Instant endedAt, LateLabels.Progress labels) {}
