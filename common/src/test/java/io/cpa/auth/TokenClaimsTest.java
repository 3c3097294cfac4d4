package io.cpa.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenClaimsTest {
    @Test
    void roleNamesAndMappedGroupsBecomeRoles() {
        TokenClaims.Grant g = TokenClaims.grant(List.of("Viewer", "offline_access", "cpa-ops"),
                Map.of("cpa-ops", List.of("operator", "ingest")), "acme");
        assertThat(g.roles()).containsExactlyInAnyOrder(Role.VIEWER, Role.OPERATOR, Role.INGEST);
        assertThat(g.tenant()).isEqualTo("acme");
        assertThat(TokenClaims.grant(List.of("admin"), Map.of(), null).roles()).containsExactlyInAnyOrder(Role.values());
    }

    @Test
    void noTenantClaimIsTheDefaultTenantAndEveryTenantNeedsAdmin() {
        assertThat(TokenClaims.grant(List.of("viewer"), Map.of(), null).tenant()).isEqualTo(Tenants.DEFAULT);
        assertThat(TokenClaims.grant(List.of("admin"), Map.of(), "*").tenant()).isEqualTo(Tenants.ALL);
        assertThat(TokenClaims.grant(List.of("viewer"), Map.of(), "*")).isEqualTo(TokenClaims.Grant.NONE);
        assertThat(TokenClaims.grant(List.of("viewer"), Map.of(), "Not A Tenant")).isEqualTo(TokenClaims.Grant.NONE);
    }

    @Test
    void noKnownRoleGrantsNothing() {
        assertThat(TokenClaims.grant(List.of("user", "uma_authorization"), Map.of(), "acme").roles()).isEmpty();
        // a mapped group means what the mapping says, not its own name
        assertThat(TokenClaims.grant(List.of("admin"), Map.of("admin", List.of("viewer")), null).roles()).containsExactly(Role.VIEWER);
    }
}
