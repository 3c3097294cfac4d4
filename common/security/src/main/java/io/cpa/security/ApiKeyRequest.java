package io.cpa.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A presented API key, on its way from the mechanism to the identity provider. */
public final class ApiKeyRequest extends BaseAuthenticationRequest {
    private final String key;

    public ApiKeyRequest(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    @Override
    public String toString() {
        return "ApiKeyRequest";
    }
}
