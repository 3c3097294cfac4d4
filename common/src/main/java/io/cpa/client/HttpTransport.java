package io.cpa.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How {@link ChatClient} moves its bytes: one POST of a JSON body, completing with the whole reply whatever its status
 * (what a status means is ChatClient's business, so every transport's failures read alike). A reply that has not come
 * within the timeout fails with {@link java.net.http.HttpTimeoutException}, whatever the transport, so a timeout stays
 * told apart from other transport failures.
 */
public interface HttpTransport {
    CompletableFuture<Reply> post(URI uri, Map<String, String> headers, String body, Duration timeout);

    /** A whole reply. */
    interface Reply {
        int status();

        String body();

        /** The first value of the header, its name in any case; null when absent. */
        String header(String name);
    }
}
