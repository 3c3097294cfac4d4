package io.cpa.answer.auth;

import io.cpa.answer.OpenAiCall;
import io.cpa.answer.UpstreamStub;
import io.cpa.kafka.KafkaTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** With pass-through, the caller's own Authorization goes upstream and the proxy key must come in X-CPA-Key. */
@QuarkusTest
@TestProfile(PassThroughKeyTest.PassThrough.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class PassThroughKeyTest {

    public static class PassThrough implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cpa.proxy.pass-through-key", "true");
        }
    }

    @TestHTTPResource("/v1")
    URL proxy;

    @Test
    void theCallersKeyReachesTheUpstreamAndTheProxyKeyIsReadFromItsOwnHeader() {
        String tag = "t" + UUID.randomUUID().toString().replace("-", "");
        var ok = OpenAiCall.post(proxy.toString(), "sk-caller-own-key", OpenAiCall.chat("m", tag + " hello", false, null, null),
                "X-CPA-Key", "cpa-key-one-7Hd2");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(UpstreamStub.RECEIVED.get(tag).authorization()).isEqualTo("Bearer sk-caller-own-key");

        // a valid proxy key in Authorization does not count: that header is the upstream's now
        var refused = OpenAiCall.post(proxy.toString(), "cpa-key-one-7Hd2", OpenAiCall.chat("m", tag + " again", false, null, null));
        assertThat(refused.statusCode()).isEqualTo(401);
    }
}
