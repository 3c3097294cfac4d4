package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.auth.KeyDigest;
import io.cpa.event.EventJson;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every HTTP endpoint of the three packaged services, with API keys of every role on two tenants and OpenID Connect
 * configured against a real provider in this JVM: with no credentials (401 unless the endpoint is open), a wrong key
 * (401), each role's key (the endpoint's answer, whatever its validation says, or 403), the legacy key (ingest) and an
 * OIDC bearer token (viewer). The table is compared with each service's {@code /q/openapi} and the Vert.x routes
 * listed by hand, so an endpoint nobody put in the table fails the test. Finally no key, token or client secret is in
 * any service's log.
 */
class SecurityMatrixTest {
    static final String VIEWER = "cpa-e2e-viewer-Kq82";
    static final String VIEWER_GLOBEX = "cpa-e2e-viewer-globex-Wd17";
    static final String OPERATOR_GLOBEX = "cpa-e2e-operator-globex-Lm28";
    static final String INGEST_GLOBEX = "cpa-e2e-ingest-globex-Fq63";
    static final String OPERATOR = "cpa-e2e-operator-Pn55";
    static final String INGEST = "cpa-e2e-ingest-Rt09";
    static final String ADMIN = "cpa-e2e-admin-Zx31";
    static final String ADMIN_ENV = "CPA_E2E_ADMIN_KEY";
    static final String LEGACY = "cpa-e2e-legacy-Hb46";
    static final String WRONG = "cpa-e2e-viewer-Kq83";
    static final String CLIENT_SECRET = "cpa-e2e-oidc-client-secret-Mv70";
    static final String ISSUER = "https://server.example.com";

    static final List<String> ROLES = List.of("viewer", "operator", "ingest", "admin");
    static final Set<String> OPEN = Set.of();
    static final Set<String> ANY = Set.of("viewer", "operator", "ingest");

    /**
     * One endpoint: the roles that may call it (empty: open), and the status a caller of another tenant gets, which the
     * tenant-scoping of the data decides ({@code null}: not checked here yet).
     */
    record Call(String service, String method, String template, String path, String body, Set<String> roles, Integer otherTenant) {
        boolean open() {
            return roles.isEmpty();
        }

        boolean allows(String role) {
            return open() || role.equals("admin") || roles.contains(role);
        }

        @Override
        public String toString() {
            return service + " " + method + " " + path;
        }
    }

    static Call call(String service, String method, String template, String path, String body, Set<String> roles) {
        return new Call(service, method, template, path, body, roles, null);
    }

    static final String A = "answer-service", C = "certainty-service", N = "analysis-service";
    static final String BAD_RUN = "{\"limit\": 1, \"labels\": {\"coverage\": 2}}";

    static List<Call> table() {
        List<Call> t = new ArrayList<>();
        for (String s : List.of(A, C, N)) {
            t.add(call(s, "GET", "/q/health", "/q/health", null, OPEN));
            t.add(call(s, "GET", "/q/health/live", "/q/health/live", null, OPEN));
            t.add(call(s, "GET", "/q/health/ready", "/q/health/ready", null, OPEN));
            t.add(call(s, "GET", "/q/openapi", "/q/openapi", null, OPEN));
            t.add(call(s, "GET", "/q/metrics", "/q/metrics", null, Set.of("admin")));
            t.add(call(s, "GET", "/auth/me", "/auth/me", null, ANY));
            t.add(call(s, "GET", "(no rule)", "/api/nothing-here", null, Set.of("admin")));
        }
        // answer-service: REST
        t.add(call(A, "POST", "/api/runs", "/api/runs", BAD_RUN, Set.of("operator")));
        t.add(call(A, "GET", "/api/runs", "/api/runs", null, Set.of("operator")));
        t.add(call(A, "GET", "/api/runs/{id}", "/api/runs/no-such-run", null, Set.of("operator")));
        t.add(call(A, "DELETE", "/api/runs/{id}", "/api/runs/no-such-run", null, Set.of("operator")));
        t.add(call(A, "POST", "/api/studies", "/api/studies", "{\"models\": [], \"datasets\": []}", Set.of("operator")));
        t.add(call(A, "GET", "/api/studies", "/api/studies", null, Set.of("operator")));
        t.add(call(A, "GET", "/api/studies/{id}", "/api/studies/no-such-study", null, Set.of("operator")));
        t.add(call(A, "DELETE", "/api/studies/{id}", "/api/studies/no-such-study", null, Set.of("operator")));
        // answer-service: Vert.x routes (not in /q/openapi)
        t.add(call(A, "POST", "/v1/chat/completions", "/v1/chat/completions", "{}", Set.of("ingest")));
        t.add(call(A, "POST", "/v1/responses", "/v1/responses", "{}", Set.of("ingest")));
        t.add(call(A, "GET", "/v1/models", "/v1/models", null, Set.of("ingest")));
        t.add(call(A, "GET", "/v1/** (the proxy's 404)", "/v1/embeddings", null, Set.of("ingest")));
        t.add(call(A, "POST", "/v1/traces", "/v1/traces", "{}", Set.of("ingest")));
        t.add(call(A, "POST", "/api/answers", "/api/answers", "{}", Set.of("ingest")));
        t.add(call(A, "POST", "/api/answers/batch", "/api/answers/batch", "{}", Set.of("ingest")));
        t.add(call(A, "POST", "/api/labels", "/api/labels", "{}", Set.of("ingest", "operator")));
        t.add(call(A, "POST", "/api/labels/batch", "/api/labels/batch", "{}", Set.of("ingest", "operator")));
        // analysis-service: REST and the dashboard's files
        t.add(call(N, "GET", "/", "/", null, OPEN));
        t.add(call(N, "GET", "/index.html", "/index.html", null, OPEN));
        t.add(call(N, "GET", "/app.js", "/app.js", null, OPEN));
        t.add(call(N, "GET", "/app.css", "/app.css", null, OPEN));
        t.add(call(N, "GET", "/sse.js", "/sse.js", null, OPEN));
        t.add(call(N, "GET", "/credentials.js", "/credentials.js", null, OPEN));
        t.add(call(N, "GET", "/webjars/**", "/webjars/chart.js/dist/chart.umd.js", null, OPEN));
        Set<String> viewer = Set.of("viewer");
        t.add(call(N, "GET", "/api/series", "/api/series", null, viewer));
        String key = "/api/series/no-model%7Cno-source%7Ccqp";
        t.add(call(N, "GET", "/api/series/{key}", key, null, viewer));
        for (String sub : List.of("recent", "history", "range", "daily", "compare"))
            t.add(call(N, "GET", "/api/series/{key}/" + sub, key + "/" + sub, null, viewer));
        t.add(call(N, "GET", "/api/stream", "/api/stream", null, viewer));
        t.add(call(N, "GET", "/api/alerts", "/api/alerts", null, viewer));
        t.add(call(N, "GET", "/api/skips", "/api/skips", null, viewer));
        t.add(call(N, "GET", "/api/reports/{studyId}", "/api/reports/no-such-study", null, viewer));
        t.add(call(N, "GET", "/api/reports/{studyId}/charts/{file}", "/api/reports/no-such-study/charts/rho.svg", null, viewer));
        return t;
    }

    static OidcWiremockTestResource provider;
    /** The provider's realm, on the port it chose. */
    static String issuerUrl;

    @BeforeAll
    static void startProvider() {
        provider = new OidcWiremockTestResource();
        issuerUrl = provider.start().get("keycloak.url") + "/realms/quarkus/";
    }

    @AfterAll
    static void stopProvider() {
        if (provider != null) provider.stop();
    }

    static String token(Set<String> groups, String tenant) {
        Instant now = Instant.now();
        return Jwt.preferredUserName("alice").subject("alice").groups(groups).issuer(ISSUER).claim("tenant", tenant)
                .issuedAt(now).expiresAt(now.plusSeconds(3600)).jws().keyId("1").sign("privateKey.jwk");
    }

    @Test
    void everyEndpointAnswersEachCallerAsItsRoleAllows() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CPA_AUTH_API_KEYS_READER_DIGEST", KeyDigest.format(VIEWER));
        env.put("CPA_AUTH_API_KEYS_READER_ROLES", "viewer");
        env.put("CPA_AUTH_API_KEYS_READER_TENANT", "acme");
        env.put("CPA_AUTH_API_KEYS_GLOBEX_KEY", VIEWER_GLOBEX);
        env.put("CPA_AUTH_API_KEYS_GLOBEX_ROLES", "viewer");
        env.put("CPA_AUTH_API_KEYS_GLOBEX_TENANT", "globex");
        env.put("CPA_AUTH_API_KEYS_GLOBEXOPS_KEY", OPERATOR_GLOBEX);
        env.put("CPA_AUTH_API_KEYS_GLOBEXOPS_ROLES", "operator");
        env.put("CPA_AUTH_API_KEYS_GLOBEXOPS_TENANT", "globex");
        env.put("CPA_AUTH_API_KEYS_GLOBEXFEED_KEY", INGEST_GLOBEX);
        env.put("CPA_AUTH_API_KEYS_GLOBEXFEED_ROLES", "ingest");
        env.put("CPA_AUTH_API_KEYS_GLOBEXFEED_TENANT", "globex");
        env.put("CPA_AUTH_API_KEYS_OPS_KEY", OPERATOR);
        env.put("CPA_AUTH_API_KEYS_OPS_ROLES", "operator");
        env.put("CPA_AUTH_API_KEYS_OPS_TENANT", "acme");
        env.put("CPA_AUTH_API_KEYS_FEED_KEY", INGEST);
        env.put("CPA_AUTH_API_KEYS_FEED_ROLES", "ingest");
        env.put("CPA_AUTH_API_KEYS_FEED_TENANT", "acme");
        env.put("CPA_AUTH_API_KEYS_ROOT_KEY_ENV", ADMIN_ENV);
        env.put(ADMIN_ENV, ADMIN);
        env.put("CPA_AUTH_API_KEYS_ROOT_ROLES", "admin");
        env.put("CPA_AUTH_API_KEYS_ROOT_TENANT", "*");
        env.put("CPA_AUTH_KEYS", LEGACY);
        env.put("CPA_OIDC_AUTH_SERVER_URL", issuerUrl);
        env.put("CPA_OIDC_CLIENT_ID", "quarkus-app");
        env.put("CPA_OIDC_CLIENT_SECRET", CLIENT_SECRET);
        String viewerToken = token(Set.of("viewer"), "acme");
        String noRoleToken = token(Set.of("offline_access"), "acme");

        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("viewer", VIEWER);
        callers.put("operator", OPERATOR);
        callers.put("ingest", INGEST);
        callers.put("admin", ADMIN);

        try (Pipeline pipeline = new Pipeline("security")) {
            pipeline.startSimulator("--seed=5");
            for (String s : List.of(N, C, A)) pipeline.startService(s, env);
            for (String s : List.of(N, C, A)) pipeline.awaitReady(s, Duration.ofMinutes(3));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            List<Call> table = table();
            List<String> failures = new ArrayList<>();
            StringBuilder report = new StringBuilder(String.format("%-18s %-6s %-48s %5s %5s %5s %5s %5s %5s %6s %5s %5s%n",
                    "service", "method", "path", "none", "wrong", "view", "oper", "ingst", "admin", "legacy", "tokV", "tok-"));
            for (Call c : table) {
                int none = send(http, pipeline, c, Map.of());
                int wrong = send(http, pipeline, c, Map.of("X-CPA-Key", WRONG));
                Map<String, Integer> byRole = new LinkedHashMap<>();
                for (var e : callers.entrySet()) byRole.put(e.getKey(), send(http, pipeline, c, Map.of("X-CPA-Key", e.getValue())));
                int legacy = send(http, pipeline, c, Map.of("Authorization", "Bearer " + LEGACY));
                int tokenViewer = send(http, pipeline, c, Map.of("Authorization", "Bearer " + viewerToken));
                int tokenNoRole = send(http, pipeline, c, Map.of("Authorization", "Bearer " + noRoleToken));
                report.append(String.format("%-18s %-6s %-48s %5d %5d %5d %5d %5d %5d %6d %5d %5d%n", c.service(), c.method(), c.path(),
                        none, wrong, byRole.get("viewer"), byRole.get("operator"), byRole.get("ingest"), byRole.get("admin"),
                        legacy, tokenViewer, tokenNoRole));
                expect(failures, c, "no credentials", none, c.open() ? null : 401);
                expect(failures, c, "a wrong key", wrong, 401);
                for (String role : ROLES) expect(failures, c, "role " + role, byRole.get(role), c.allows(role) ? null : 403);
                expect(failures, c, "the legacy key (ingest)", legacy, c.allows("ingest") ? null : 403);
                expect(failures, c, "an OIDC token with viewer", tokenViewer, c.allows("viewer") ? null : 403);
                expect(failures, c, "an OIDC token without a role", tokenNoRole, c.open() ? null : 403);
                // the other tenant's column: what a viewer of globex gets where acme's data would be; decided by the
                // tenant-scoping of the data, so only recorded while no expectation is set
                int other = send(http, pipeline, c, Map.of("X-CPA-Key", VIEWER_GLOBEX));
                if (c.otherTenant() != null) expect(failures, c, "another tenant's viewer", other, c.otherTenant());
            }
            System.out.println(report);

            otherTenantSeesNothingOfAcme(http, pipeline, failures);

            // every service sends the browser-facing headers, not only the dashboard's
            for (String s : List.of(A, C, N)) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(pipeline.url(s, "/q/health/live"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (!r.headers().firstValue("X-Content-Type-Options").orElse("").equals("nosniff")
                        || !r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'")) {
                    failures.add(s + " sends no security headers: " + r.headers().map());
                }
            }

            // the table covers every documented path of every service
            for (String s : List.of(A, C, N)) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(pipeline.url(s, "/q/openapi?format=json"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(s + " /q/openapi").isEqualTo(200);
                JsonNode doc = EventJson.mapper().readTree(r.body());
                Set<String> listed = new TreeSet<>();
                for (Iterator<String> it = doc.path("paths").fieldNames(); it.hasNext(); ) listed.add(it.next());
                Set<String> covered = new TreeSet<>();
                for (Call c : table) if (c.service().equals(s)) covered.add(c.template());
                assertThat(covered).as(s + ": every path /q/openapi lists is in the matrix").containsAll(listed);
            }

            // no credential in any log
            List<String> secrets = List.of(VIEWER, VIEWER_GLOBEX, OPERATOR_GLOBEX, INGEST_GLOBEX, OPERATOR, INGEST, ADMIN, LEGACY, WRONG, CLIENT_SECRET, viewerToken,
                    noRoleToken, KeyDigest.format(VIEWER).substring(7));
            try (Stream<Path> logs = Files.list(pipeline.runDir)) {
                for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                    String text = Files.readString(log);
                    for (String secret : secrets) {
                        if (text.contains(secret)) failures.add(log.getFileName() + " contains a credential (" + secret.substring(0, 12) + "...)");
                    }
                }
            }
            assertThat(failures).as(report.toString()).isEmpty();
        }
    }

    /**
     * The other-tenant column, on real data: tenant acme gets a run, a study, proxied answers and so series, skips and
     * a report; then every read path is asked about acme's ids with globex's viewer, operator and ingest keys. Each must
     * answer 404 where the id names one record (as for an id that does not exist, so existence does not leak) and
     * leave acme's records out of every list, while acme's own keys read the same paths (the control that shows the
     * 404 is the tenant's doing).
     */
    private static void otherTenantSeesNothingOfAcme(HttpClient http, Pipeline pipeline, List<String> failures) throws Exception {
        Reply run = request(http, pipeline, A, "POST", "/api/runs", "{\"limit\": 40, \"seed\": 3, \"source\": \"acme-bench\"}", OPERATOR);
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        String runId = EventJson.mapper().readTree(run.body()).path("id").asText();
        Reply study = request(http, pipeline, A, "POST", "/api/studies",
                "{\"datasets\": [{\"name\": \"sample\", \"limit\": 10}], \"variants\": [\"cqp\"], \"temperatures\": [0.2]}", OPERATOR);
        assertThat(study.status()).as(study.body()).isEqualTo(201);
        String studyId = EventJson.mapper().readTree(study.body()).path("id").asText();
        String answerId = null;
        for (int i = 0; i < 3; i++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pipeline.url(A, "/v1/chat/completions"))).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-CPA-Key", INGEST)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"cpa-simulator\", \"logprobs\": true, \"top_logprobs\": 5, "
                            + "\"messages\": [{\"role\": \"user\", \"content\": \"Where are books lent? A. library B. kitchen C. garage. Answer with the letter.\"}]}"));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            answerId = r.headers().firstValue("X-CPA-Answer-Id").orElseThrow();
        }

        // acme's series, seen by acme's viewer once the run's answers are in
        String acmeSeries = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (acmeSeries == null && System.nanoTime() < deadline) {
            Reply list = request(http, pipeline, N, "GET", "/api/series", null, VIEWER);
            if (list.status() == 200) {
                for (JsonNode series : EventJson.mapper().readTree(list.body())) {
                    String key = series.path("seriesKey").asText();
                    if (key.endsWith("|acme") && key.contains("|acme-bench|")) acmeSeries = key;
                }
            }
            if (acmeSeries == null) Pipeline.sleep(1000);
        }
        assertThat(acmeSeries).as("acme's series reached the analysis-service").isNotNull();
        awaitStatus(http, pipeline, N, "/api/reports/" + studyId + "?format=json", VIEWER, 200, Duration.ofMinutes(3));

        String key = "/api/series/" + java.net.URLEncoder.encode(acmeSeries, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        String missing = "/api/series/" + java.net.URLEncoder.encode(acmeSeries.replace("|acme", "|nobody"), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        record Probe(String service, String method, String path, String acmeKey, String globexKey, String missingPath) {}
        List<Probe> byId = List.of(
                new Probe(N, "GET", key, VIEWER, VIEWER_GLOBEX, missing),
                new Probe(N, "GET", key + "/recent", VIEWER, VIEWER_GLOBEX, missing + "/recent"),
                new Probe(N, "GET", key + "/history", VIEWER, VIEWER_GLOBEX, missing + "/history"),
                new Probe(N, "GET", key + "/range?last=1d", VIEWER, VIEWER_GLOBEX, missing + "/range?last=1d"),
                new Probe(N, "GET", key + "/daily?days=2", VIEWER, VIEWER_GLOBEX, missing + "/daily?days=2"),
                new Probe(N, "GET", key + "/compare?last=1h&baseLast=1d", VIEWER, VIEWER_GLOBEX, null),
                new Probe(N, "GET", "/api/reports/" + studyId + "?format=json", VIEWER, VIEWER_GLOBEX, "/api/reports/study-nobody?format=json"),
                new Probe(A, "GET", "/api/runs/" + runId, OPERATOR, OPERATOR_GLOBEX, "/api/runs/run-nobody"),
                new Probe(A, "GET", "/api/studies/" + studyId, OPERATOR, OPERATOR_GLOBEX, "/api/studies/study-nobody"));
        for (Probe p : byId) {
            Reply own = request(http, pipeline, p.service(), p.method(), p.path(), null, p.acmeKey());
            Reply other = request(http, pipeline, p.service(), p.method(), p.path(), null, p.globexKey());
            if (own.status() == 404) failures.add("control: acme's own key got 404 on " + p.path() + " (" + own.body() + ")");
            if (other.status() != 404) failures.add("globex on acme's " + p.path() + ": " + other.status() + ", wanted 404");
            if (other.body().contains("acme-bench") && !p.path().contains("acme-bench")) failures.add("globex's 404 on " + p.path() + " names acme's data: " + other.body());
            if (p.missingPath() != null) {
                Reply none = request(http, pipeline, p.service(), p.method(), p.missingPath(), null, p.globexKey());
                if (none.status() != other.status()) failures.add("an unknown id answers " + none.status() + " but acme's " + other.status() + " on " + p.path());
            }
        }
        // a label for acme's answer from globex's ingest key: the unknown answer's 404
        Reply label = request(http, pipeline, A, "POST", "/api/labels", "{\"answerId\": \"" + answerId + "\", \"correct\": true, \"labeller\": \"human\"}", INGEST_GLOBEX);
        if (label.status() != 404) failures.add("globex labelled acme's answer: " + label.status() + " " + label.body());
        Reply ownLabel = request(http, pipeline, A, "POST", "/api/labels", "{\"answerId\": \"" + answerId + "\", \"correct\": true, \"labeller\": \"human\"}", INGEST);
        if (ownLabel.status() != 200 && ownLabel.status() != 202) failures.add("control: acme could not label its own answer: " + ownLabel.status() + " " + ownLabel.body());
        // the lists leave acme out
        for (Probe p : List.of(new Probe(N, "GET", "/api/series", VIEWER, VIEWER_GLOBEX, null),
                new Probe(N, "GET", "/api/alerts", VIEWER, VIEWER_GLOBEX, null),
                new Probe(N, "GET", "/api/skips", VIEWER, VIEWER_GLOBEX, null),
                new Probe(A, "GET", "/api/runs", OPERATOR, OPERATOR_GLOBEX, null),
                new Probe(A, "GET", "/api/studies", OPERATOR, OPERATOR_GLOBEX, null))) {
            Reply other = request(http, pipeline, p.service(), p.method(), p.path(), null, p.globexKey());
            if (other.status() != 200) failures.add("globex's list " + p.path() + ": " + other.status());
            for (String id : List.of("acme", runId, studyId)) {
                if (other.body().contains(id)) failures.add("globex's list " + p.path() + " holds acme's " + id);
            }
        }
        Reply ownSeries = request(http, pipeline, N, "GET", "/api/series", null, VIEWER);
        if (!ownSeries.body().contains("acme-bench")) failures.add("control: acme's list lacks its series");
    }

    record Reply(int status, String body) {}

    private static Reply request(HttpClient http, Pipeline pipeline, String service, String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pipeline.url(service, path))).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").header("X-CPA-Key", key);
        if (body != null) b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    private static void awaitStatus(HttpClient http, Pipeline pipeline, String service, String path, String key, int wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Reply last;
        do {
            last = request(http, pipeline, service, "GET", path, null, key);
            if (last.status() == wanted) return;
            Pipeline.sleep(1000);
        } while (System.nanoTime() < deadline);
        assertThat(last.status()).as(path + ": " + last.body()).isEqualTo(wanted);
    }

    private static void expect(List<String> failures, Call c, String who, int status, Integer wanted) {
        if (wanted == null) {
            if (status == 401 || status == 403) failures.add(c + " with " + who + ": " + status + ", wanted the endpoint's own answer");
        } else if (status != wanted) {
            failures.add(c + " with " + who + ": " + status + ", wanted " + wanted);
        }
    }

    /** The status only: the body is not read (the stream of /api/stream does not end). */
    private static int send(HttpClient http, Pipeline pipeline, Call c, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pipeline.url(c.service(), c.path()))).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        headers.forEach(b::header);
        if (c.body() != null) b.header("Content-Type", "application/json");
        b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body()));
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        r.body().close();
        return r.statusCode();
    }
}
