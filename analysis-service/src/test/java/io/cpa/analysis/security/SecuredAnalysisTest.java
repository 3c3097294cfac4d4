package io.cpa.analysis.security;

import io.cpa.kafka.KafkaTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * (A read of {@code /api/series} is checked to pass authorization, not for its data: it answers 503 until the Kafka
 * Streams state is running.)
 * The analysis-service with API keys and OpenID Connect against a real provider in the test JVM (WireMock serving
 * discovery, JWKS and the code flow; tokens signed with its key): who may read series and metrics, which tokens are
 * refused, a browser's login through the code flow, and the CSRF check of a browser session.
 */
@QuarkusTest
@TestProfile(SecuredAnalysisTest.Secured.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class SecuredAnalysisTest {
    static final String VIEWER_KEY = "cpa-viewer-key-Hq27";
    static final String ADMIN_KEY = "cpa-admin-key-Tz04";
    static final String ISSUER = "https://server.example.com";

    public static class Secured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new HashMap<>();
            c.put("cpa.auth.api-keys.reader.key", VIEWER_KEY);
            c.put("cpa.auth.api-keys.reader.roles", "viewer");
            c.put("cpa.auth.api-keys.reader.tenant", "acme");
            c.put("cpa.auth.api-keys.root.key", ADMIN_KEY);
            c.put("cpa.auth.api-keys.root.roles", "admin");
            c.put("cpa.auth.api-keys.root.tenant", "*");
            c.put("quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus/");
            c.put("quarkus.oidc.client-id", "quarkus-app");
            c.put("quarkus.oidc.credentials.secret", "secret");
            c.put("cpa.auth.oidc.role-mapping.user", "viewer");
            return c;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcWiremockTestResource.class));
        }
    }

    @TestHTTPResource("/")
    URL base;

    private static String token(String issuer, Set<String> groups, String tenant, Instant expires) {
        var claims = Jwt.preferredUserName("alice").subject("alice").groups(groups).issuer(issuer)
                .audience("https://service.example.com").issuedAt(expires.minusSeconds(600)).expiresAt(expires);
        if (tenant != null) claims.claim("tenant", tenant);
        return claims.jws().keyId("1").sign("privateKey.jwk");
    }

    @Test
    void withoutCredentialsOnlyHealthAndTheDashboardsFilesAnswer() {
        given().get("/api/series").then().statusCode(401).body("error", containsString("credentials"));
        given().get("/api/alerts").then().statusCode(401);
        given().get("/q/metrics").then().statusCode(401);
        given().header("X-CPA-Key", "cpa-viewer-key-Hq2").get("/api/series").then().statusCode(401);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/index.html").then().statusCode(200);
        given().get("/app.js").then().statusCode(200);
    }

    @Test
    void keysActWithTheirRolesAndTenants() {
        given().header("X-CPA-Key", VIEWER_KEY).get("/api/series").then().statusCode(org.hamcrest.Matchers.not(org.hamcrest.Matchers.isOneOf(401, 403)));
        given().header("Authorization", "Bearer " + VIEWER_KEY).get("/api/series").then().statusCode(org.hamcrest.Matchers.not(org.hamcrest.Matchers.isOneOf(401, 403)));
        given().header("X-CPA-Key", VIEWER_KEY).get("/q/metrics").then().statusCode(403);
        given().header("X-CPA-Key", VIEWER_KEY).get("/api/not-a-rule").then().statusCode(403);
        given().header("X-CPA-Key", ADMIN_KEY).get("/q/metrics").then().statusCode(200);
        JsonObject me = new JsonObject(given().header("X-CPA-Key", VIEWER_KEY).get("/auth/me").then().statusCode(200).extract().asString());
        assertThat(me.getString("name")).isEqualTo("key:reader");
        assertThat(me.getJsonArray("roles").getList()).containsExactly("viewer");
        assertThat(me.getString("tenant")).isEqualTo("acme");
        assertThat(me.getString("method")).isEqualTo("api-key");
        assertThat(new JsonObject(given().header("X-CPA-Key", ADMIN_KEY).get("/auth/me").asString()).getString("tenant")).isEqualTo("*");
    }

    @Test
    void aValidBearerTokenWithTheRoleReadsAndOthersAreRefused() {
        Instant later = Instant.now().plusSeconds(600);
        String valid = token(ISSUER, Set.of("viewer"), "acme", later);
        given().auth().oauth2(valid).get("/api/series").then().statusCode(org.hamcrest.Matchers.not(org.hamcrest.Matchers.isOneOf(401, 403)));
        JsonObject me = new JsonObject(given().auth().oauth2(valid).get("/auth/me").asString());
        assertThat(me.getJsonArray("roles").getList()).containsExactly("viewer");
        assertThat(me.getString("tenant")).isEqualTo("acme");
        assertThat(me.getString("method")).isEqualTo("oidc");
        assertThat(new JsonObject(given().auth().oauth2(token(ISSUER, Set.of("viewer"), null, later)).get("/auth/me").asString())
                .getString("tenant")).as("no tenant claim").isEqualTo("default");

        assertThat(given().auth().oauth2(token(ISSUER, Set.of("viewer"), "acme", Instant.now().minusSeconds(600))).get("/api/series").statusCode()).as("expired").isEqualTo(401);
        assertThat(given().auth().oauth2(token("https://another-issuer.example.com", Set.of("viewer"), "acme", later)).get("/api/series").statusCode()).as("another issuer").isEqualTo(401);
        assertThat(given().auth().oauth2(token(ISSUER, Set.of("offline_access"), "acme", later)).get("/api/series").statusCode()).as("no role").isEqualTo(403);
        assertThat(given().auth().oauth2(token(ISSUER, Set.of("viewer"), "*", later)).get("/api/series").statusCode()).as("every tenant without admin grants nothing").isEqualTo(403);
        given().auth().oauth2(token(ISSUER, Set.of("viewer"), "acme", later)).get("/q/metrics").then().statusCode(403);
        given().auth().oauth2("not-a-token").get("/api/series").then().statusCode(401);
    }

    @Test
    void aBrowserLogsInThroughTheCodeFlowAndItsChangingRequestsNeedTheCsrfHeader() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI login = base.toURI().resolve("/auth/login");
        HttpResponse<String> r = get(browser, login);
        assertThat(r.statusCode()).as("to the provider").isEqualTo(302);
        URI provider = URI.create(r.headers().firstValue("Location").orElseThrow());
        Map<String, String> q = query(provider);
        assertThat(q).containsKeys("state", "redirect_uri");
        // the provider's login form, submitted as a user would
        URI submit = provider.resolve("/login?username=alice&password=alice&state=" + enc(q.get("state"))
                + "&redirect_uri=" + enc(q.get("redirect_uri")));
        r = get(browser, submit);
        // back to the service with a code, which it exchanges, then on to the page first asked for and to the dashboard
        for (int hops = 0; hops < 6 && r.statusCode() == 302; hops++) {
            URI next = URI.create(r.headers().firstValue("Location").orElseThrow());
            if (!next.isAbsolute()) next = base.toURI().resolve(next);
            if (next.getPath().equals("/") && next.getPort() == base.getPort()) break;
            r = get(browser, next);
        }
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/");

        HttpResponse<String> me = get(browser, base.toURI().resolve("/auth/me"));
        assertThat(me.statusCode()).isEqualTo(200);
        JsonObject who = new JsonObject(me.body());
        assertThat(who.getBoolean("anonymous")).isFalse();
        assertThat(who.getString("method")).isEqualTo("oidc");
        assertThat(get(browser, base.toURI().resolve("/api/series")).statusCode()).as("authorized (503 while the streams start)").isNotIn(401, 403);

        // a changing request of the session: refused without the CSRF header or from another origin; with it, it
        // passes authorization and meets the resource (which has no POST: 405)
        URI series = base.toURI().resolve("/api/series");
        assertThat(post(browser, series, Map.of()).statusCode()).isEqualTo(403);
        assertThat(post(browser, series, Map.of("X-CPA-CSRF", "1", "Origin", "http://evil.example")).statusCode()).isEqualTo(403);
        assertThat(post(browser, series, Map.of("X-CPA-CSRF", "1")).statusCode()).isEqualTo(405);
        // a key needs no CSRF proof
        assertThat(given().header("X-CPA-Key", VIEWER_KEY).post("/api/series").statusCode()).isEqualTo(405);
    }

    private static HttpResponse<String> get(HttpClient c, URI u) throws Exception {
        return c.send(HttpRequest.newBuilder(u).header("Accept", "text/html,application/json").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient c, URI u, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(u).header("Accept", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json");
        headers.forEach(b::header);
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> query(URI u) {
        Map<String, String> out = new HashMap<>();
        for (String p : u.getRawQuery().split("&")) {
            int i = p.indexOf('=');
            out.put(URLDecoder.decode(p.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
