package io.cpa.answer.label;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The labels API ({@code POST /api/labels}) and the index of known answers it checks labels against. */
@ConfigMapping(prefix = "cpa.labels")
public interface LabelsConfig {
    /**
     * how long a label for an answer not (yet) in the index waits for it before 404: the lag between an answer's
     * publication and its arrival here through {@code cpa.answers}, for labels posted right after their answer
     */
    @WithDefault("10s")
    Duration grace();

    /** how far in the future {@code labelledAt} may lie (clock skew between the labeller and this service) */
    @WithDefault("1m")
    Duration maxFutureSkew();

    /** largest request body, single or batch (413 above) */
    @WithDefault("1048576")
    int maxBodySize();

    /** labels in one batch at most (413 above) */
    @WithDefault("1000")
    int maxBatch();

    /** labels waiting for their answer (the grace) at most, over all requests; beyond it a label gets 503 */
    @WithDefault("10000")
    int maxPending();

    /** how long a request waits for the broker before answering 503 */
    @WithDefault("10s")
    Duration publishTimeout();

    /** the index of known answers */
    Index index();

    interface Index {
        /**
         * answers remembered at most (the oldest noted are forgotten first): about 154 bytes of heap each (a 36-character
         * id), and 72 more per remembered labeller
         */
        @WithDefault("200000")
        int maxAnswers();

        /** answers older than this (by their createdAt) are forgotten, and read from cpa.answers at start-up from here */
        @WithDefault("7d")
        Duration horizon();

        /** labellers per answer whose last judgement is remembered (for duplicates) at most; the oldest is forgotten first */
        @WithDefault("4")
        int maxLabellersPerAnswer();
    }
}
