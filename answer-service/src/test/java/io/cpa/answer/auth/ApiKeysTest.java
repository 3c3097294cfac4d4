package io.cpa.answer.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysTest {
    @Test
    void acceptsEveryConfiguredKeyAndNothingElse() {
        ApiKeys keys = new ApiKeys(List.of("alpha-1", " beta-2 ", ""));
        assertThat(keys.enabled()).isTrue();
        assertThat(keys.accepts("alpha-1")).isTrue();
        assertThat(keys.accepts("beta-2")).isTrue();
        assertThat(keys.accepts("alpha-")).isFalse();
        assertThat(keys.accepts("alpha-12")).isFalse();
        assertThat(keys.accepts("")).isFalse();
        assertThat(keys.accepts(null)).isFalse();
    }

    @Test
    void withNoKeyConfiguredAuthenticationIsOff() {
        ApiKeys keys = new ApiKeys(List.of());
        assertThat(keys.enabled()).isFalse();
        assertThat(keys.accepts(null)).isTrue();
    }

    @Test
    void readsTheBearerToken() {
        assertThat(ApiKeys.bearer("Bearer sk-1")).isEqualTo("sk-1");
        assertThat(ApiKeys.bearer("bearer  sk-1 ")).isEqualTo("sk-1");
        assertThat(ApiKeys.bearer("Basic abc")).isNull();
        assertThat(ApiKeys.bearer(null)).isNull();
    }
}
