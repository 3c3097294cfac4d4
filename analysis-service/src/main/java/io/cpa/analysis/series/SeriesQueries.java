package io.cpa.analysis.series;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cpa.analysis.topology.AlignmentTopology;
import io.cpa.event.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads series state with Kafka Streams interactive queries. A series lives in the store of the instance that owns
 * its partition: asked for one this instance does not own, it asks the owner over HTTP ({@code scope=local}), so any
 * instance answers for any series. The whole list merges every instance's local part.
 */
@ApplicationScoped
public class SeriesQueries {
    /** The store cannot be read now (rebalancing, restoring, owner unreachable): answer 503 and let the client retry. */
    public static class NotReady extends RuntimeException {
        NotReady(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaStreams streams;
    private final RecentAnswers recent;
    private final HostInfo self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    SeriesQueries(KafkaStreams streams, RecentAnswers recent,
                  @ConfigProperty(name = "kafka-streams.application.server", defaultValue = "127.0.0.1:0") String server) {
        this.streams = streams;
        this.recent = recent;
        this.self = HostInfo.buildFromEndpoint(server);
    }

    private ReadOnlyKeyValueStore<String, String> store() {
        return store(AlignmentTopology.SNAPSHOTS);
    }

    /** This instance's part of a store of the topology (String keys and values). */
    public ReadOnlyKeyValueStore<String, String> store(String name) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw notReady(e);
        }
    }

    /** Reads this instance's store, mapping a store that went away mid-read to {@link NotReady}. */
    public <T> T readLocal(String name, java.util.function.Function<ReadOnlyKeyValueStore<String, String>, T> read) {
        try {
            return read.apply(store(name));
        } catch (InvalidStateStoreException e) {
            throw notReady(e);
        }
    }

    private NotReady notReady(Exception e) {
        return new NotReady("analysis state is not ready (" + streams.state() + ")", e);
    }

    /** Every series this instance owns. */
    public ArrayNode local() {
        ArrayNode out = EventJson.mapper().createArrayNode();
        try (KeyValueIterator<String, String> it = store().all()) {
            it.forEachRemaining(kv -> out.add(view(kv.value)));
        } catch (InvalidStateStoreException e) {
            throw notReady(e);
        }
        return out;
    }

    /** Every series of every instance. */
    public ArrayNode all() {
        ArrayNode out = local();
        for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            if (isSelf(instance.hostInfo())) continue;
            JsonNode remote = fetch(instance.hostInfo(), "/api/series?scope=local");
            if (remote != null && remote.isArray()) remote.forEach(out::add);
        }
        return out;
    }

    public Optional<JsonNode> localOne(String key) {
        String stored;
        try {
            stored = store().get(key);
        } catch (InvalidStateStoreException e) {
            throw notReady(e);
        }
        return Optional.ofNullable(stored).map(this::view);
    }

    public Optional<JsonNode> get(String key) {
        return fromOwner(key, seriesPath(key), () -> localOne(key));
    }

    /** The latest answers of a series, newest first, from the instance that owns it. */
    public Optional<JsonNode> recent(String key, int limit) {
        return fromOwner(key, seriesPath(key) + "/recent?limit=" + limit, () -> localRecent(key, limit));
    }

    /** {@code /api/series/{key}} with the key URL-encoded. */
    public static String seriesPath(String key) {
        return "/api/series/" + encode(key);
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The JSON arrays that every other instance answers to {@code pathWithQuery} (with {@code scope=local} added). */
    public java.util.List<JsonNode> fromOtherInstances(String pathWithQuery) {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            if (isSelf(instance.hostInfo())) continue;
            JsonNode remote = fetch(instance.hostInfo(), withLocalScope(pathWithQuery));
            if (remote == null) throw new NotReady("instance " + instance.hostInfo() + " did not answer", null);
            if (remote.isArray()) out.add(remote);
        }
        return out;
    }

    private static String withLocalScope(String path) {
        return path + (path.contains("?") ? "&" : "?") + "scope=local";
    }

    public Optional<JsonNode> localRecent(String key, int limit) {
        if (!recent.knows(key) && localOne(key).isEmpty()) return Optional.empty();
        return Optional.of(EventJson.mapper().valueToTree(recent.latest(key, limit)));
    }

    /**
     * The answer of the instance that owns series {@code key}: {@code local} here, or {@code pathWithQuery} (with
     * {@code scope=local} added) asked of the owner; empty when the owner answers 404.
     */
    public Optional<JsonNode> fromOwner(String key, String pathWithQuery, java.util.function.Supplier<Optional<JsonNode>> local) {
        KeyQueryMetadata owner = streams.queryMetadataForKey(AlignmentTopology.SNAPSHOTS, key, Serdes.String().serializer());
        if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
            throw new NotReady("no instance owns series " + key + " right now (" + streams.state() + ")", null);
        }
        if (isSelf(owner.activeHost())) return local.get();
        JsonNode remote = fetch(owner.activeHost(), withLocalScope(pathWithQuery));
        if (remote == null) throw new NotReady("the owner of series " + key + " (" + owner.activeHost() + ") did not answer", null);
        return remote.isMissingNode() ? Optional.empty() : Optional.of(remote);
    }

    private boolean isSelf(HostInfo host) {
        return self.port() == 0 || (host.host().equals(self.host()) && host.port() == self.port());
    }

    /** The JSON body, MissingNode for 404, null when the instance could not be asked. */
    private JsonNode fetch(HostInfo host, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            if (r.statusCode() != 200) return null;
            return EventJson.mapper().readTree(r.body());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private JsonNode view(String stored) {
        try {
            return EventJson.mapper().readTree(stored);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable snapshot in the store", e);
        }
    }
}
