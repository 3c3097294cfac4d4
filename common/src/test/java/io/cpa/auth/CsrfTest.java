package io.cpa.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsrfTest {
    @Test
    void aSessionsChangingRequestNeedsTheHeaderAndItsOwnOrigin() {
        assertThat(Csrf.allows("POST", true, null, null, "h:8081")).isFalse();
        assertThat(Csrf.allows("DELETE", true, "", "http://h:8081", "h:8081")).isFalse();
        assertThat(Csrf.allows("POST", true, "1", "http://evil.example", "h:8081")).isFalse();
        assertThat(Csrf.allows("POST", true, "1", "null", "h:8081")).isFalse();
        assertThat(Csrf.allows("POST", true, "1", "http://h:8081", "h:8081")).isTrue();
        assertThat(Csrf.allows("PUT", true, "1", null, "h:8081")).isTrue();
    }

    @Test
    void readsAndHeaderCredentialsNeedNone() {
        assertThat(Csrf.allows("GET", true, null, "http://evil.example", "h:8081")).isTrue();
        assertThat(Csrf.allows("POST", false, null, "http://evil.example", "h:8081")).isTrue();
    }
}
