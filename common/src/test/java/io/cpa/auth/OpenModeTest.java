package io.cpa.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenModeTest {
    @Test
    void openOnLoopbackWithAWarningSayingToWhom() {
        OpenMode.Decision d = OpenMode.decide(false, "127.0.0.1", false);
        assertThat(d.open()).isTrue();
        assertThat(d.warning()).contains("open").contains("127.0.0.1").contains("this machine only");
        assertThat(OpenMode.decide(false, "localhost", false).open()).isTrue();
        assertThat(OpenMode.decide(false, "::1", false).open()).isTrue();
    }

    @Test
    void elsewhereOnlyWhenAllowedExplicitly() {
        assertThatThrownBy(() -> OpenMode.decide(false, "0.0.0.0", false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("quarkus.http.host=0.0.0.0").hasMessageContaining("cpa.auth.allow-open=true")
                .hasMessageContaining("CPA_AUTH_ALLOW_OPEN");
        assertThatThrownBy(() -> OpenMode.decide(false, "10.0.0.5", false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> OpenMode.decide(false, "127.evil.example", false)).isInstanceOf(IllegalStateException.class);
        OpenMode.Decision d = OpenMode.decide(false, "0.0.0.0", true);
        assertThat(d.open()).isTrue();
        assertThat(d.warning()).contains("allow-open").contains("0.0.0.0");
    }

    @Test
    void securedIsNeverOpenAndTheAnonymousCallerOfAnOpenServiceMayDoEverything() {
        assertThat(OpenMode.decide(true, "0.0.0.0", false).open()).isFalse();
        assertThat(OpenMode.decide(true, "127.0.0.1", true).open()).isFalse();
        assertThat(OpenMode.ROLES).containsExactlyInAnyOrder(Role.values());
        assertThat(OpenMode.TENANT).isEqualTo(Tenants.ALL);
    }
}
