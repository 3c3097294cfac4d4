package io.cpa.stats;

/**
 * COUNT: the last N observations; TIME: the last T milliseconds of event time; SINCE_START: everything; RANGE: a
 * stretch of event time read from the time buckets (size: its length in ms).
 */
public enum WindowKind { COUNT, TIME, SINCE_START, RANGE }
