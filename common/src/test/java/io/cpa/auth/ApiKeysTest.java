package io.cpa.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {
    private static KeySpec spec(String name, String digest, String key, String keyEnv, String roles, String tenant) {
        return new KeySpec(name, Optional.ofNullable(digest), Optional.ofNullable(key), Optional.ofNullable(keyEnv),
                Optional.ofNullable(roles), Optional.ofNullable(tenant));
    }

    @Test
    void identifiesEveryConfiguredKeyByDigestPlainKeyOrEnvironmentAndNothingElse() {
        ApiKeys keys = KeyTable.build(List.of(
                        spec("reader", KeyDigest.format("alpha-1"), null, null, "viewer", "acme"),
                        spec("ops", null, " beta-2 ", null, "operator, ingest", null),
                        spec("root", null, null, "ROOT_KEY", "admin", "*")),
                List.of(), Map.of("ROOT_KEY", "gamma-3")::get);
        assertThat(keys.identify("alpha-1")).get().satisfies(k -> {
            assertThat(k.name()).isEqualTo("reader");
            assertThat(k.roles()).containsExactly(Role.VIEWER);
            assertThat(k.tenant()).isEqualTo("acme");
        });
        assertThat(keys.identify("beta-2")).get().satisfies(k -> {
            assertThat(k.roles()).containsExactlyInAnyOrder(Role.OPERATOR, Role.INGEST);
            assertThat(k.tenant()).isEqualTo(Tenants.DEFAULT);
        });
        assertThat(keys.identify("gamma-3")).get().satisfies(k -> {
            assertThat(k.roles()).containsExactlyInAnyOrder(Role.values());
            assertThat(k.tenant()).isEqualTo(Tenants.ALL);
        });
        assertThat(keys.identify("alpha-")).isEmpty();
        assertThat(keys.identify("alpha-12")).isEmpty();
        assertThat(keys.identify("")).isEmpty();
        assertThat(keys.identify(null)).isEmpty();
    }

    @Test
    void legacyKeysIngestOnTheDefaultTenant() {
        ApiKeys keys = KeyTable.build(List.of(), List.of("old-1", " ", "old-2"), v -> null);
        assertThat(keys.keys()).hasSize(2);
        assertThat(keys.identify("old-2")).get().satisfies(k -> {
            assertThat(k.roles()).containsExactly(Role.INGEST);
            assertThat(k.tenant()).isEqualTo(Tenants.DEFAULT);
        });
        assertThat(KeyTable.build(List.of(), List.of(), v -> null).isEmpty()).isTrue();
    }

    @Test
    void mistakesNameTheKeyAndNeverTheSecret() {
        assertThatThrownBy(() -> KeyTable.build(List.of(spec("a", null, "s3cret-key", "X", "viewer", null)), List.of(), v -> "x"))
                .hasMessageContaining("cpa.auth.api-keys.a.digest").hasMessageContaining("exactly one").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> KeyTable.build(List.of(spec("a", null, null, null, "viewer", null)), List.of(), v -> null))
                .hasMessageContaining("exactly one is required, 0 given");
        assertThatThrownBy(() -> KeyTable.build(List.of(spec("a", "sha256:abc", null, null, "viewer", null)), List.of(), v -> null))
                .hasMessageContaining("cpa.auth.api-keys.a.digest").hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> KeyTable.build(List.of(spec("a", "md5:" + "0".repeat(64), null, null, "viewer", null)), List.of(), v -> null))
                .hasMessageContaining("sha256:");
        assertThatThrownBy(() -> KeyTable.build(List.of(spec("a", null, null, "NOPE", "viewer", null)), List.of(), v -> null))
                .hasMessageContaining("cpa.auth.api-keys.a.key-env").hasMessageContaining("NOPE").hasMessageContaining("not set");
        assertThatThrownBy(() -> KeyTable.build(List.of(spec("a", null, "k", null, "viewer,root", null)), List.of(), v -> null))
                .hasMessageContaining("cpa.auth.api-keys.a.roles").hasMessageContaining("unknown role 'root'");
        assertThatThrownBy(() -> KeyTable.build(List.of(spec("a", null, "k", null, null, null)), List.of(), v -> null))
                .hasMessageContaining("cpa.auth.api-keys.a.roles").hasMessageContaining("at least one");
        assertThatThrownBy(() -> KeyTable.build(List.of(spec("a", null, "k", null, "viewer", "*")), List.of(), v -> null))
                .hasMessageContaining("cpa.auth.api-keys.a.tenant").hasMessageContaining("only with the role admin");
        assertThatThrownBy(() -> KeyTable.build(List.of(spec("a", null, "k", null, "viewer", "Acme Corp")), List.of(), v -> null))
                .hasMessageContaining("cpa.auth.api-keys.a.tenant");
    }

    @Test
    void theDigestIsTheSha256HexThatSha256sumPrints() {
        // printf %s abc | sha256sum
        assertThat(KeyDigest.format("abc")).isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(KeyDigest.parse("SHA256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")).isEqualTo(KeyDigest.of("abc"));
    }

    @Test
    void readsTheBearerToken() {
        assertThat(ApiKeys.bearer("Bearer sk-1")).isEqualTo("sk-1");
        assertThat(ApiKeys.bearer("bearer  sk-1 ")).isEqualTo("sk-1");
        assertThat(ApiKeys.bearer("Basic abc")).isNull();
        assertThat(ApiKeys.bearer(null)).isNull();
    }

    @Test
    void aKeyPrintsItsNameNotItsDigest() {
        ApiKey k = new ApiKey("ops", KeyDigest.of("x"), Set.of(Role.ADMIN), Tenants.ALL);
        assertThat(k.toString()).contains("ops").doesNotContain(KeyDigest.format("x").substring(7, 20));
        assertThat(spec("n", null, "plain-secret", null, null, null).toString()).doesNotContain("plain-secret");
    }
}
