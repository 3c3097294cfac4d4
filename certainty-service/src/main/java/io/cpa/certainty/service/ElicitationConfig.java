package io.cpa.certainty.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How certainty is elicited ({@code cpa.certainty.*}). Who is asked is the routing table's business
 * ({@code cpa.routes.*}, or the single-model {@code cpa.model.*} settings; see {@link io.cpa.route.ModelRoutes}): the
 * answering model on its own route, or a judge.
 */
@ConfigMapping(prefix = "cpa.certainty")
public interface ElicitationConfig {
    /** prompt variants asked per answer: numeric, lsu, ttp-lsu, oc-lsu, cqp */
    @WithDefault("cqp")
    List<String> variants();

    /** temperature of the certainty call; the paper used 0.2 */
    @WithDefault("0.2")
    double temperature();

    @WithDefault("64")
    int maxTokens();

    @WithDefault("4")
    int maxAttempts();

    @WithDefault("200ms")
    Duration backoff();

    @WithDefault("10s")
    Duration maxBackoff();

    /** a model asked the certainty of every route's answers that has no judge of its own (it needs a route) */
    Optional<String> judge();

    /** older form of a judge with its own upstream: base URL, key and model name make a route "judge" */
    Optional<String> judgeBaseUrl();

    /** key of the judge-base-url upstream */
    Optional<String> judgeApiKey();

    /** model name of the judge-base-url upstream */
    Optional<String> judgeName();

    /** an answer longer than this many characters is quoted cut, with a marker saying so */
    @WithDefault("2000")
    int maxQuotedChars();

    /** certainty calls in flight at most; the consumer takes no new answer while all are busy */
    @WithDefault("64")
    int maxConcurrency();

    /** threads that read answers, start their calls and publish their replies (the calls themselves wait on no thread) */
    @WithDefault("2")
    int workerThreads();

    Sampling sampling();

    Budget budget();

    Circuit circuit();

    Dedupe dedupe();

    Logprobs logprobs();

    Http http();

    Skips skips();

    interface Skips {
        /**
         * how long a skip waits for more skips of its series, route and reason, to be written as one record standing
         * for all their answers; 0: a record per skip
         */
        @WithDefault("50ms")
        Duration linger();

        /** the most answers one skip record stands for */
        @WithDefault("500")
        int maxAnswers();

        /**
         * skipped answers waiting for their record at most; while that many wait, no new answer is taken (they hold
         * no model-call permit, so sampling at 1% does not turn max-concurrency into a rate limit on skips)
         */
        @WithDefault("4096")
        int maxPending();
    }

    interface Sampling {
        /** share of unlabelled answers elicited, per series unless overridden */
        @WithDefault("1.0")
        double defaultRate();

        /** overrides keyed {@code model|source} or {@code source}: cpa.certainty.sampling.rates."gpt-4o|chat"=0.1 */
        Map<String, Double> rates();
    }

    interface Budget {
        /** certainty calls per minute per answering model; 0 = unlimited */
        @WithDefault("0")
        long requestsPerMinute();

        /** estimated then reported tokens per minute per answering model; 0 = unlimited */
        @WithDefault("0")
        long tokensPerMinute();

        /** share of each budget only labelled answers may use */
        @WithDefault("0.2")
        double labelledReserve();
    }

    interface Circuit {
        @WithDefault("20")
        int window();

        @WithDefault("10")
        int minimumCalls();

        @WithDefault("0.5")
        double failureRate();

        @WithDefault("5s")
        Duration openFor();

        @WithDefault("2")
        int halfOpenTrials();
    }

    interface Dedupe {
        /** answer ids remembered (an LRU bound on memory) */
        @WithDefault("200000")
        int maxEntries();

        /**
         * records per partition of cpa.certainties, cpa.skips and cpa.answers.dlq read back at most at a catch-up (at
         * start and at every partition assignment)
         */
        @WithDefault("20000")
        int lookbackPerPartition();

        /**
         * how long the tail keeps reading after a catch-up, for certainties the previous owner of a reassigned
         * partition writes for answers it still had in flight; then it reads nothing until the next catch-up
         */
        @WithDefault("5s")
        Duration followAfterCatchUp();
    }

    interface Logprobs {
        /** ask six-level certainty calls for logprobs, for the probabilistic VC; false: never ask (reason not-asked) */
        @WithDefault("true")
        boolean enabled();

        /** alternatives per token asked, 1..20: 20 so that six letters and their case/space/punctuation forms fit */
        @WithDefault("20")
        int topLogprobs();

        /** route and model pairs remembered as refusing logprobs (an LRU bound on memory; one pushed out is probed again) */
        @WithDefault("1000")
        int maxRefusals();
    }

    interface Http {
        /** the client of the model calls: {@code jdk} (java.net.http, its own threads) or {@code vertx} (the event loops) */
        @WithDefault("vertx")
        String client();

        /** keep-alive connections per model host and port at most; unset: max-concurrency, one per answer in flight */
        Optional<Integer> maxConnections();

        /** calls waiting for a connection of a full pool at most; one more fails at once as a transport failure (retried) */
        @WithDefault("1024")
        int maxWaiting();

        /** reuse connections (keep-alive); false: a connection per call, for a server that mishandles reused ones */
        @WithDefault("true")
        boolean keepAlive();
    }
}
