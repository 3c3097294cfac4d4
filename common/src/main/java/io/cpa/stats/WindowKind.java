package io.cpa.stats;

/** COUNT: the last N observations; TIME: the last T milliseconds of event time; SINCE_START: everything. */
public enum WindowKind { COUNT, TIME, SINCE_START }
