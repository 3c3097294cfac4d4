package io.cpa.analysis.web;

import io.cpa.kafka.KafkaTestResource;
import io.cpa.security.web.SecurityHeaders;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The headers on the running service's real responses: the page, its script, the chart library, an API reply, an
 * API error, an unknown path and the health check; {@code Cache-Control: no-store} on the API only.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class SecurityHeadersApiTest {

    @Test
    void everyResponseCarriesTheBrowserHeadersAndTheApiIsNotCached() {
        // cacheable: false for the API (no-store), true for a file the browser may cache, null where another part of
        // the service decides (the health check sets no-store itself)
        record Expect(String path, List<Integer> status, Boolean cacheable) { }
        List<Expect> paths = List.of(
                new Expect("/", List.of(200), true),
                new Expect("/app.js", List.of(200), true),
                new Expect("/webjars/chart.js/dist/chart.umd.min.js", List.of(200), true),
                new Expect("/api/series/no-such-model%7Cx%7Ccqp/daily?days=abc", List.of(400), false),
                // 503 while the state is restored: the headers are the same
                new Expect("/api/series", List.of(200, 503), false),
                new Expect("/no-such-page", List.of(404), null),
                new Expect("/q/health/live", List.of(200), null));
        for (Expect e : paths) {
            Response r = given().urlEncodingEnabled(false).get(e.path());
            assertThat(r.statusCode()).as(e.path()).isIn(e.status());
            assertThat(r.header("Content-Security-Policy")).as(e.path()).isEqualTo(SecurityHeaders.CONTENT_SECURITY_POLICY);
            assertThat(r.header("X-Content-Type-Options")).as(e.path()).isEqualTo("nosniff");
            assertThat(r.header("Referrer-Policy")).as(e.path()).isEqualTo("no-referrer");
            assertThat(r.header("X-Frame-Options")).as(e.path()).isEqualTo("DENY");
            if (Boolean.FALSE.equals(e.cacheable())) assertThat(r.header("Cache-Control")).as(e.path()).isEqualTo("no-store");
            if (Boolean.TRUE.equals(e.cacheable())) assertThat(r.header("Cache-Control")).as(e.path()).isNotEqualTo("no-store");
        }
    }
}
