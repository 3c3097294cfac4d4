package io.cpa.route;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRoutesTest {
    private static final Map<String, String> ENV = Map.of("OPENAI_KEY", "sk-from-env");

    private static ModelRoutes routes(Map<String, String> props) {
        return ModelRoutes.fromProperties(props, ENV::get);
    }

    @Test
    void withoutRouteKeysTheSingleModelSettingsAreOneRouteThatTakesEveryModel() {
        ModelRoutes r = routes(Map.of("cpa.model.base-url", "http://127.0.0.1:9/v1/", "cpa.model.name", "m1",
                "cpa.model.api-key", "k", "cpa.model.timeout", "5s"));
        ModelRoute only = r.routes().get(0);
        assertEquals(1, r.routes().size());
        assertEquals("default", only.name());
        assertEquals("http://127.0.0.1:9/v1", only.baseUrl());
        assertEquals(Optional.of("k"), only.apiKey());
        assertEquals(Duration.ofSeconds(5), only.timeout());
        assertEquals("default", r.routeFor("anything-else").orElseThrow().name());
        assertEquals("http://127.0.0.1:9/v1/chat/completions", only.url("/chat/completions"));
    }

    @Test
    void emptyConfigurationIsTheSimulator() {
        ModelRoute only = routes(Map.of()).routes().get(0);
        assertEquals(ModelRoutes.SINGLE_MODEL_BASE_URL_DEFAULT, only.baseUrl());
        assertEquals(List.of(ModelRoutes.SINGLE_MODEL_NAME_DEFAULT), only.models());
    }

    @Test
    void exactNamesWinOverGlobsAndGlobsOverTheDefault() {
        ModelRoutes r = routes(Map.of(
                "cpa.routes.openai.models", "gpt-4o*, gpt-4.1",
                "cpa.routes.openai.base-url", "https://api.openai.com/v1",
                "cpa.routes.openai.api-key-env", "OPENAI_KEY",
                "cpa.routes.a-mini.models", "gpt-4o-mini",
                "cpa.routes.a-mini.base-url", "http://127.0.0.1:8000/v1",
                "CPA_ROUTES_LOCAL_LLM_MODELS", "*",
                "CPA_ROUTES_LOCAL_LLM_BASE_URL", "http://127.0.0.1:8080/v1",
                "CPA_ROUTES_LOCAL_LLM_KIND", "llamacpp"));
        assertEquals("a-mini", r.routeFor("gpt-4o-mini").orElseThrow().name()); // exact beats openai's glob
        assertEquals("openai", r.routeFor("gpt-4o-2024-08-06").orElseThrow().name());
        assertEquals("openai", r.routeFor("gpt-4.1").orElseThrow().name());
        assertEquals("local-llm", r.routeFor("qwen").orElseThrow().name());
        assertEquals(ApiKind.LLAMACPP, r.byName("local-llm").orElseThrow().kind());
        assertEquals(Optional.of("sk-from-env"), r.byName("openai").orElseThrow().apiKey());
        assertTrue(r.defaultRoute().isEmpty());
        assertFalse(r.byName("openai").orElseThrow().toString().contains("sk-from-env"));
    }

    @Test
    void unknownModelWithoutDefaultHasNoRouteAndTheDefaultRouteCatchesIt() {
        Map<String, String> two = Map.of("cpa.routes.a.models", "m-a", "cpa.routes.a.base-url", "http://127.0.0.1:1/v1",
                "cpa.routes.b.models", "m-b", "cpa.routes.b.base-url", "http://127.0.0.1:2/v1");
        assertTrue(routes(two).routeFor("m-c").isEmpty());
        assertTrue(routes(two).certaintyTarget("m-c", null).isEmpty());
        Map<String, String> withDefault = new java.util.HashMap<>(two);
        withDefault.put("CPA_ROUTES_DEFAULT_ROUTE", "b");
        assertEquals("b", routes(withDefault).routeFor("m-c").orElseThrow().name());
    }

    @Test
    void certaintyIsAskedOfTheModelItselfUnlessARouteOrGlobalJudgeIsNamed() {
        Map<String, String> p = new java.util.HashMap<>(Map.of(
                "cpa.routes.a.models", "m-a", "cpa.routes.a.base-url", "http://127.0.0.1:1/v1",
                "cpa.routes.b.models", "m-b", "cpa.routes.b.base-url", "http://127.0.0.1:2/v1",
                "cpa.routes.b.judge", "m-j",
                "cpa.routes.j.models", "m-j", "cpa.routes.j.base-url", "http://127.0.0.1:3/v1"));
        ModelRoutes r = routes(p);
        CertaintyTarget self = r.certaintyTarget("m-a", "a").orElseThrow();
        assertEquals("m-a", self.model());
        assertEquals("a", self.route().name());
        assertTrue(self.self());
        CertaintyTarget judged = r.certaintyTarget("m-b", "b").orElseThrow();
        assertEquals("m-j", judged.model());
        assertEquals("j", judged.route().name());
        assertEquals("judge:m-j", judged.by());
        // the judge's own answers are asked of itself, not of itself as a judge
        assertEquals("self", r.certaintyTarget("m-j", "j").orElseThrow().by());
        p.put("cpa.certainty.judge", "m-j");
        assertEquals("judge:m-j", routes(p).certaintyTarget("m-a", "a").orElseThrow().by());
        // a route recorded on the answer wins over the table's lookup by name
        assertEquals("a", r.certaintyTarget("m-x", "a").orElseThrow().route().name());
        // one the table does not have is never guessed at
        assertTrue(r.certaintyTarget("m-a", ModelRoutes.OUTSIDE_TABLE).isEmpty());
        assertTrue(r.certaintyTarget("m-a", "gone").isEmpty());
    }

    @Test
    void passThroughRouteWithoutKeyHasNoCredentialsOfItsOwn() {
        ModelRoutes r = routes(Map.of("cpa.routes.p.models", "*", "cpa.routes.p.base-url", "http://127.0.0.1:1/v1",
                "cpa.routes.p.pass-through", "true"));
        assertFalse(r.routes().get(0).hasOwnCredentials());
        ModelRoutes keyed = routes(Map.of("cpa.routes.p.models", "*", "cpa.routes.p.base-url", "http://127.0.0.1:1/v1",
                "cpa.routes.p.pass-through", "true", "cpa.routes.p.api-key", "k"));
        assertTrue(keyed.routes().get(0).hasOwnCredentials());
    }

    @Test
    void olderJudgeSettingsBecomeAJudgeRoute() {
        ModelRoutes r = routes(Map.of("cpa.model.name", "m", "cpa.certainty.judge-base-url", "http://127.0.0.1:7/v1",
                "cpa.certainty.judge-name", "big", "cpa.certainty.judge-api-key", "jk"));
        CertaintyTarget t = r.certaintyTarget("m", "default").orElseThrow();
        assertEquals("judge:big", t.by());
        assertEquals("judge", t.route().name());
        assertEquals(Optional.of("jk"), t.route().apiKey());
    }

    @Test
    void badValuesNameTheirKey() {
        assertMessage("cpa.routes.a.base-url is required", Map.of("cpa.routes.a.models", "m"));
        assertMessage("cpa.routes.a.models is required", Map.of("cpa.routes.a.base-url", "http://x/v1"));
        assertMessage("cpa.routes.a.kind: unknown API kind 'soap'", Map.of("cpa.routes.a.models", "m",
                "cpa.routes.a.base-url", "http://x/v1", "cpa.routes.a.kind", "soap"));
        assertMessage("unknown route key 'base_url'", Map.of("cpa.routes.a.base_url", "http://x/v1"));
        assertMessage("cpa.routes.a.timeout: not a duration", Map.of("cpa.routes.a.models", "m",
                "cpa.routes.a.base-url", "http://x/v1", "cpa.routes.a.timeout", "soon"));
        assertMessage("api-key-env: environment variable NOPE is not set", Map.of("cpa.routes.a.models", "m",
                "cpa.routes.a.base-url", "http://x/v1", "cpa.routes.a.api-key-env", "NOPE"));
        assertMessage("cpa.routes.default-route: no route named 'z'", Map.of("cpa.routes.a.models", "m",
                "cpa.routes.a.base-url", "http://x/v1", "cpa.routes.default-route", "z"));
        assertMessage("cpa.routes.a.judge: the judge 'j' has no route", Map.of("cpa.routes.a.models", "m",
                "cpa.routes.a.base-url", "http://x/v1", "cpa.routes.a.judge", "j"));
        assertMessage("base-url must start with http", Map.of("cpa.routes.a.models", "m", "cpa.routes.a.base-url", "ftp://x"));
        assertMessage("CPA_ROUTES_A_URL: expected CPA_ROUTES_<NAME>_<KEY>", Map.of("CPA_ROUTES_A_URL", "x"));
    }

    @Test
    void fromConfigLooksUpTheStandardKeysByName() {
        Map<String, String> values = Map.of("cpa.model.base-url", "http://127.0.0.1:5/v1", "cpa.model.name", "env-model",
                "unrelated.key", "x");
        ModelRoutes r = ModelRoutes.fromConfig(List.of("unrelated.key"), n -> Optional.ofNullable(values.get(n)), ENV);
        assertEquals("http://127.0.0.1:5/v1", r.routes().get(0).baseUrl());
        assertEquals(List.of("env-model"), r.routes().get(0).models());
    }

    @Test
    void environmentRoutesWinOverTheDottedNamesAConfigurationMakesOfThem() {
        // Quarkus lists CPA_ROUTES_SIM_A_BASE_URL also as cpa.routes.sim.a.base.url, which cannot be split
        Map<String, String> env = Map.of("CPA_ROUTES_SIM_A_MODELS", "cpa-sim-a", "CPA_ROUTES_SIM_A_BASE_URL", "http://127.0.0.1:6/v1");
        Map<String, String> config = Map.of("cpa.routes.sim.a.models", "cpa-sim-a", "cpa.routes.sim.a.base.url", "http://127.0.0.1:6/v1",
                "cpa.routes.b.models", "m-b", "cpa.routes.b.base-url", "http://127.0.0.1:7/v1");
        ModelRoutes r = ModelRoutes.fromConfig(config.keySet(), n -> Optional.ofNullable(config.get(n)), env);
        assertEquals(List.of("b", "sim-a"), r.routes().stream().map(ModelRoute::name).toList());
        assertEquals("http://127.0.0.1:6/v1", r.routeFor("cpa-sim-a").orElseThrow().baseUrl());
    }

    private static void assertMessage(String part, Map<String, String> props) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> routes(props));
        assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
    }

    @Test
    void aRoutesTextPolicyIsAcceptedAndARouteNamedOnlyForItIsNoRoute() {
        ModelRoutes r = routes(Map.of("cpa.routes.a.models", "m", "cpa.routes.a.base-url", "http://127.0.0.1:9/v1",
                "CPA_ROUTES_A_TEXT", "none", "cpa.routes.default.text", "truncate"));
        assertEquals(List.of("a"), r.routes().stream().map(ModelRoute::name).toList());
        ModelRoutes single = routes(Map.of("cpa.routes.default.text", "none"));
        assertEquals(ModelRoutes.SINGLE_MODEL_BASE_URL_DEFAULT, single.routes().get(0).baseUrl(), "still the single-model table");
    }
}
