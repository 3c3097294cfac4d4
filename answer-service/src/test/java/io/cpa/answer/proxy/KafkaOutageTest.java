package io.cpa.answer.proxy;

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
import java.net.http.HttpResponse;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** With the broker unreachable, callers of the proxy still get their replies; what cannot wait is dropped and counted. */
@QuarkusTest
@TestProfile(KafkaOutageTest.BrokerUnreachable.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class KafkaOutageTest {

    public static class BrokerUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // nothing listens on port 1: records wait for metadata (max.block.ms) and never complete during the test
            return Map.of("mp.messaging.outgoing.answers.bootstrap.servers", "127.0.0.1:1",
                    "mp.messaging.outgoing.answers.max.block.ms", "600000",
                    "cpa.proxy.buffer-capacity", "2");
        }
    }

    @TestHTTPResource("/v1")
    URL proxy;

    private static double dropped() {
        String body = given().header("X-CPA-Key", io.cpa.answer.UpstreamStub.ADMIN_KEY).get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (line.startsWith("cpa_proxy_dropped_total{") && line.contains("reason=\"buffer-full\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Test
    void callersAreServedAndAnswersBeyondTheBufferAreCountedAsDropped() {
        double before = dropped();
        String body = OpenAiCall.chat("gpt-4o-mini", "outage Where are books lent?\nA. a river\nB. a library\nAnswer:", false, null, null);
        String expected = null;
        for (int i = 0; i < 5; i++) {
            HttpResponse<byte[]> r = OpenAiCall.post(proxy.toString(), "cpa-key-one-7Hd2", body);
            assertThat(r.statusCode()).isEqualTo(200);
            String text = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).contains("\"content\":\"B\"").contains("\"logprobs\":null").doesNotContain("top_logprobs");
            if (expected == null) expected = text;
            assertThat(text).isEqualTo(expected);
        }
        // two answers wait for the broker, the other three found the buffer full
        assertThat(dropped() - before).isEqualTo(3.0);
    }
}
