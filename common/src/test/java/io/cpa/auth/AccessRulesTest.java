package io.cpa.auth;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AccessRulesTest {
    private static boolean allows(String method, String path, Role... roles) {
        return AccessRules.required(method, path).allows(roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles));
    }

    @Test
    void everySurfaceNeedsItsRoleAndAdminPassesEverywhere() {
        for (String p : new String[]{"/api/series", "/api/series/m%7Cs%7Ccqp/range", "/api/stream", "/api/alerts", "/api/skips",
                "/api/reports/s1/charts/a.svg"}) {
            assertThat(allows("GET", p, Role.VIEWER)).as(p).isTrue();
            assertThat(allows("GET", p, Role.OPERATOR, Role.INGEST)).as(p).isFalse();
            assertThat(allows("GET", p, Role.ADMIN)).as(p).isTrue();
        }
        for (String p : new String[]{"/api/runs", "/api/runs/r1", "/api/studies", "/api/studies/s1"}) {
            assertThat(allows("POST", p, Role.OPERATOR)).as(p).isTrue();
            assertThat(allows("GET", p, Role.OPERATOR)).as(p).isTrue();
            assertThat(allows("GET", p, Role.VIEWER, Role.INGEST)).as("status of what spends money: " + p).isFalse();
        }
        for (String p : new String[]{"/v1/chat/completions", "/v1/responses", "/v1/models", "/v1/traces", "/api/answers", "/api/answers/batch",
                "/v1/embeddings"}) {
            assertThat(allows("POST", p, Role.INGEST)).as(p).isTrue();
            assertThat(allows("POST", p, Role.VIEWER, Role.OPERATOR)).as(p).isFalse();
        }
        assertThat(allows("POST", "/api/labels", Role.INGEST)).isTrue();
        assertThat(allows("POST", "/api/labels/batch", Role.OPERATOR)).isTrue();
        assertThat(allows("POST", "/api/labels", Role.VIEWER)).isFalse();
        assertThat(allows("GET", "/q/metrics", Role.VIEWER, Role.OPERATOR, Role.INGEST)).isFalse();
        assertThat(allows("GET", "/q/metrics", Role.ADMIN)).isTrue();
    }

    @Test
    void healthTheDescriptionAndTheDashboardsFilesAreOpen() {
        for (String p : new String[]{"/q/health", "/q/health/ready", "/q/openapi", "/", "/index.html", "/app.js", "/sse.js", "/credentials.js", "/app.css",
                "/webjars/chart.js/dist/chart.umd.js"})
            assertThat(AccessRules.required("GET", p).isOpen()).as(p).isTrue();
    }

    @Test
    void whatNoRuleNamesNeedsAdmin() {
        for (String p : new String[]{"/api/new-thing", "/q/dev-ui", "/q/health/../../api/runs", "/api/seriesX", "/other.html",
                "/api/series/..", "/webjars\\..\\api"}) {
            assertThat(AccessRules.required("GET", p).isOpen()).as(p).isFalse();
            assertThat(allows("GET", p, Role.VIEWER, Role.OPERATOR, Role.INGEST)).as(p).isFalse();
            assertThat(allows("GET", p, Role.ADMIN)).as(p).isTrue();
        }
    }

    @Test
    void slashesAndQueriesDoNotChangeTheRule() {
        assertThat(allows("GET", "//api//series/?scope=local", Role.VIEWER)).isTrue();
        assertThat(allows("GET", "/api/runs/", Role.VIEWER)).isFalse();
        assertThat(AccessRules.required("GET", "/q/metrics/").isOpen()).isFalse();
    }
}
