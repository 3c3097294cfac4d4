package io.cpa.answer.model;

import io.cpa.client.ChatClient;
import io.cpa.client.ModelEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** One chat client for the configured model, shared by every entrance of the service. */
@ApplicationScoped
public class ModelClientProducer {
    @Produces
    @ApplicationScoped
    ChatClient chatClient(ModelConfig config) {
        return new ChatClient(new ModelEndpoint(config.baseUrl(), config.apiKey().orElse(null), config.name()), config.timeout());
    }
}
