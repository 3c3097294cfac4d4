package io.cpa.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantsCallerTest {
    @Test
    void aCallersTenantFromItsIdentityAttribute() {
        assertThat(Tenants.ofCaller(null)).isEqualTo(Tenants.DEFAULT);
        assertThat(Tenants.ofCaller("")).isEqualTo(Tenants.DEFAULT);
        assertThat(Tenants.ofCaller("*")).isEqualTo(Tenants.ALL);
        assertThat(Tenants.ofCaller(" acme ")).isEqualTo("acme");
        assertThatThrownBy(() -> Tenants.ofCaller("Acme")).hasMessageContaining("tenant 'Acme'");
        assertThatThrownBy(() -> Tenants.ofCaller(42)).hasMessageContaining("Integer");
    }

    @Test
    void whatACallerSendsInBelongsToOneTenant() {
        assertThat(Tenants.ofData("acme")).isEqualTo("acme");
        assertThat(Tenants.ofData(Tenants.ALL)).isEqualTo(Tenants.DEFAULT);
        assertThat(Tenants.ofData(null)).isEqualTo(Tenants.DEFAULT);
    }
}
