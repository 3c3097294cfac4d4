package io.cpa.analysis.topology;

import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.InvalidEventException;
import io.cpa.event.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * First step of the topology: reads each record as a {@link CertaintyEvent}. A record keyed by its series and on the
 * partition the default partitioner gives that key goes on to the series processor; any other is sent back to
 * cpa.certainties keyed by its series (see {@link AlignmentTopology}). Unreadable records are dead-lettered here with
 * their reason and source offset; nothing here throws on bad input.
 */
final class CertaintyValidator implements Processor<String, byte[], String, Object> {
    private static final Logger LOG = Logger.getLogger(CertaintyValidator.class);

    private final DeadLetters deadLetters;
    private ProcessorContext<String, Object> context;
    /** partitions of cpa.certainties; 0 when they could not be read, and then the key alone decides */
    private int partitions;

    CertaintyValidator(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.partitions = partitions(context.appConfigs());
    }

    /** Once per task start: the Streams client's own settings (security included) reach the broker. */
    private static int partitions(Map<String, Object> appConfigs) {
        Map<String, Object> admin = new HashMap<>();
        for (String name : AdminClientConfig.configNames()) {
            if (appConfigs.containsKey(name)) admin.put(name, appConfigs.get(name));
        }
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "analysis-partition-count");
        try (Admin a = Admin.create(admin)) {
            return a.describeTopics(List.of(Topics.CERTAINTIES)).allTopicNames().get(15, TimeUnit.SECONDS)
                    .get(Topics.CERTAINTIES).partitions().size();
        } catch (Exception e) {
            LOG.warnf("partitions of %s unknown (%s): records keyed by their series are taken as placed by the default partitioner",
                    Topics.CERTAINTIES, e.toString());
            return 0;
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        CertaintyEvent event;
        try {
            if (record.value() == null) throw new InvalidEventException("empty record value");
            event = EventJson.readCertainty(new String(record.value(), StandardCharsets.UTF_8));
            io.cpa.event.SeriesKey.parse(event.seriesKey());
        } catch (InvalidEventException e) {
            deadLetter(record, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            deadLetter(record, "invalid CertaintyEvent: " + e.getMessage());
            return;
        }
        if (onItsSeriesPartition(record.key(), event.seriesKey())) {
            context.forward(record.withValue(event), AlignmentTopology.SERIES);
        } else {
            context.forward(record.withKey(event.seriesKey()), AlignmentTopology.REKEY);
        }
    }

    private boolean onItsSeriesPartition(String key, String seriesKey) {
        if (!seriesKey.equals(key)) return false;
        if (partitions == 0) return true;
        RecordMetadata meta = context.recordMetadata().orElse(null);
        if (meta == null) return true;
        return meta.partition() == Utils.toPositive(Utils.murmur2(seriesKey.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private void deadLetter(Record<String, byte[]> record, String reason) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        deadLetters.send(meta == null ? Topics.CERTAINTIES : meta.topic(), meta == null ? -1 : meta.partition(),
                meta == null ? -1 : meta.offset(),
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), reason);
    }
}
