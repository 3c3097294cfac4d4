package io.cpa.e2e;

import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.SkipEvent;
import io.cpa.event.Topics;
import io.cpa.kafka.TopicClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the topics an answer can end in hold right now, read to their end with read_committed consumers: the
 * answers, the certainties, the skips and both dead-letter topics. Every fault test settles its books with it.
 */
record Ledger(List<ConsumerRecord<String, String>> answers, List<ConsumerRecord<String, String>> certainties,
              List<ConsumerRecord<String, String>> answerDeadLetters, List<ConsumerRecord<String, String>> certaintyDeadLetters,
              List<ConsumerRecord<String, String>> skips) {

    static Ledger read(String bootstrap) {
        return new Ledger(TopicClient.readAll(bootstrap, Topics.ANSWERS), TopicClient.readAll(bootstrap, Topics.CERTAINTIES),
                TopicClient.readAll(bootstrap, Topics.dlq(Topics.ANSWERS)), TopicClient.readAll(bootstrap, Topics.dlq(Topics.CERTAINTIES)),
                TopicClient.readAll(bootstrap, Topics.SKIPS));
    }

    /** The skips of one source, one per answer. */
    List<SkipEvent> skipsOf(String source) {
        List<SkipEvent> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : skips) {
            try {
                SkipEvent s = EventJson.readSkip(r.value());
                if (source.equals(s.source())) out.addAll(s.perAnswer()); // a record may stand for many answers
            } catch (RuntimeException unreadable) {
                // not a skip this pipeline wrote
            }
        }
        return out;
    }


    /** The answers of one source, in topic order (duplicates, if any, kept). */
    List<AnswerEvent> answersOf(String source) {
        List<AnswerEvent> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : answers) {
            AnswerEvent a = tryAnswer(r.value());
            if (a != null && a.source().equals(source)) out.add(a);
        }
        return out;
    }

    /** The certainties of one source, leaving out records the test itself injected (offset * 1000 + partition). */
    List<CertaintyEvent> certaintiesOf(String source, Set<Long> injectedOffsets) {
        List<CertaintyEvent> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : certainties) {
            if (injectedOffsets.contains(r.offset() * 1000 + r.partition())) continue;
            CertaintyEvent c = tryCertainty(r.value());
            if (c != null && source.equals(c.source())) out.add(c);
        }
        return out;
    }

    /** Answer id to dead-letter reason, for the dead letters of answers of one source. */
    Map<String, List<String>> answerDeadLettersOf(String source) {
        Map<String, List<String>> out = new HashMap<>();
        for (ConsumerRecord<String, String> r : answerDeadLetters) {
            AnswerEvent a = tryAnswer(r.value());
            if (a != null && a.source().equals(source)) {
                out.computeIfAbsent(a.answerId(), k -> new ArrayList<>()).add(TopicClient.header(r, "dead-letter-reason"));
            }
        }
        return out;
    }

    static AnswerEvent tryAnswer(String value) {
        try {
            return EventJson.readAnswer(value);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    static CertaintyEvent tryCertainty(String value) {
        try {
            return EventJson.readCertainty(value);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
