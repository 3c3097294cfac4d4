/**
 * Labels: who judged an answer correct or incorrect, and how a label's verdict is decided. Plain Java, no framework:
 * the answer-service validates labels with it, the analysis-service joins them into the statistics with it.
 */
package io.cpa.label;
