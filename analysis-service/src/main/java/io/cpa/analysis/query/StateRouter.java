package io.cpa.analysis.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.event.EventJson;
import io.cpa.security.PeerCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where a query about analysis state is answered: the state of a series lives in the stores of the instance that owns
 * its partition, so one series is read here when this instance owns it and asked of its owner over HTTP otherwise
 * ({@code scope=local} appended), and a question about every series merges this instance's part with every other
 * instance's. One policy for a peer that cannot answer (the owner or any other instance down, rebalancing, or not
 * answering within 5 s): {@link NotReady}, which the API answers with 503 and {@code Retry-After}, for every
 * endpoint, rather than a partial answer that would look complete.
 */
@ApplicationScoped
public class StateRouter {
    /** The state cannot be read now (rebalancing, restoring, a peer unreachable): answer 503 and let the client retry. */
    public static class NotReady extends RuntimeException {
        public NotReady(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final PeerCredentials credentials;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    StateRouter(KafkaStreams streams, PeerCredentials credentials,
                @ConfigProperty(name = "kafka-streams.application.server", defaultValue = "127.0.0.1:0") String server) {
        this.streams = streams;
        this.credentials = credentials;
        this.self = HostInfo.buildFromEndpoint(server);
    }

    /** Reads this instance's part of a store, mapping a store that is not (or no longer) readable to {@link NotReady}. */
    public <K, V, T> T readLocal(String name, Function<ReadOnlyKeyValueStore<K, V>, T> read) {
        try {
            ReadOnlyKeyValueStore<K, V> store = streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
            return read.apply(store);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new NotReady("analysis state is not ready (" + streams.state() + ")", e);
        }
    }

    /**
     * The answer about series {@code key}: {@code local} when this instance owns it, else {@code pathWithQuery} asked of
     * the owner; empty when the owner answers 404.
     */
    public Optional<JsonNode> fromOwner(String key, String pathWithQuery, Supplier<Optional<JsonNode>> local) {
        KeyQueryMetadata owner = streams.queryMetadataForKey(StoreNames.SNAPSHOTS, key, Serdes.String().serializer());
        if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
            throw new NotReady("no instance owns series " + key + " right now (" + streams.state() + ")", null);
        }
        if (isSelf(owner.activeHost())) return local.get();
        JsonNode remote = fetch(owner.activeHost(), withLocalScope(pathWithQuery));
        return remote.isMissingNode() ? Optional.empty() : Optional.of(remote);
    }

    /** This instance's answer followed by every other instance's answer to {@code pathWithQuery}. */
    public List<JsonNode> fromAll(String pathWithQuery, Supplier<JsonNode> local) {
        List<JsonNode> out = new ArrayList<>();
        out.add(local.get());
        for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            if (isSelf(instance.hostInfo())) continue;
            JsonNode remote = fetch(instance.hostInfo(), withLocalScope(pathWithQuery));
            if (!remote.isMissingNode()) out.add(remote);
        }
        return out;
    }

    /** {@code /api/series/{key}} with the key URL-encoded. */
    public static String seriesPath(String key) {
        return "/api/series/" + encode(key);
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String withLocalScope(String path) {
        return path + (path.contains("?") ? "&" : "?") + "scope=local";
    }

    private boolean isSelf(HostInfo host) {
        return self.port() == 0 || (host.host().equals(self.host()) && host.port() == self.port());
    }

    /** The JSON body, MissingNode for 404; {@link NotReady} for anything else. */
    private JsonNode fetch(HostInfo host, String path) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + path))
                    .timeout(Duration.ofSeconds(5));
            // the peer authorizes the same caller (roles, tenant) rather than trusting this instance
            credentials.headers().forEach(request::header);
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) return MissingNode.getInstance();
            if (r.statusCode() != 200) throw new NotReady("instance " + host + " answered " + r.statusCode(), null);
            return EventJson.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new NotReady("instance " + host + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotReady("interrupted while asking " + host, e);
        }
    }
}
