package io.cpa.answer.study;

import java.time.Instant;
import java.util.List;

/**
 * Progress of a study as the API shows it.
 *
 * @param state         {@code running}, {@code finished}, {@code stopped} or {@code failed}
 * @param cellsDone     cells (model x dataset x temperature) completed
 * @param answersDone   answers published so far over all cells
 * @param answersFailed model calls or publishes that failed
 * @param answersTotal  answers planned over all cells
 * @param ratePerSecond answers per second since the start
 * @param etaSeconds    estimated seconds left, -1 when unknown
 * @param currentCell   the cell running now, e.g. {@code cpa-simulator / qasc / T=1.0}, null when none
 * @param error         why the study failed, else null
 */
public record StudyStatus(String id, String state, int cellsDone, int cellsTotal, long answersDone, long answersFailed,
                          long answersTotal, double ratePerSecond, long etaSeconds, String currentCell, List<String> models,
                          List<String> datasets, List<String> variants, List<Double> temperatures, Instant startedAt,
                          Instant endedAt, String error) {}
