package io.cpa.security.web;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy as configuration, without Quarkus: the keys Quarkus reads and the values a browser will enforce. */
class SecurityHeadersTest {

    @Test
    void everyHeaderIsAQuarkusHeaderKeyAndOnlyCacheControlIsLimitedToTheApi() {
        SecurityHeaders source = new SecurityHeaders();
        assertThat(source.getValue("quarkus.http.header.\"Content-Security-Policy\".value"))
                .isEqualTo("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
                        + " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
        assertThat(source.getValue("quarkus.http.header.\"X-Content-Type-Options\".value")).isEqualTo("nosniff");
        assertThat(source.getValue("quarkus.http.header.\"Referrer-Policy\".value")).isEqualTo("no-referrer");
        assertThat(source.getValue("quarkus.http.header.\"X-Frame-Options\".value")).isEqualTo("DENY");
        assertThat(source.getValue("quarkus.http.header.\"Cache-Control\".value")).isEqualTo("no-store");
        assertThat(source.getValue("quarkus.http.header.\"Cache-Control\".path")).isEqualTo("/api/*");
        // the others keep Quarkus' default path, every route
        assertThat(source.getPropertyNames()).filteredOn(k -> k.endsWith(".path"))
                .containsExactly("quarkus.http.header.\"Cache-Control\".path");
        assertThat(source.getPropertyNames()).hasSize(6).allMatch(k -> k.startsWith("quarkus.http.header.\""));
    }

    @Test
    void theContentSecurityPolicyAllowsNoInlineCodeAndNoOtherOrigin() {
        Map<String, String> directives = new java.util.LinkedHashMap<>();
        for (String d : SecurityHeaders.CONTENT_SECURITY_POLICY.split(";\\s*")) {
            int space = d.indexOf(' ');
            directives.put(d.substring(0, space), d.substring(space + 1));
        }
        assertThat(directives.values()).noneMatch(v -> v.contains("unsafe-inline") || v.contains("unsafe-eval")
                || v.contains("*") || v.contains("http:") || v.contains("https:"));
        assertThat(directives).containsEntry("script-src", "'self'").containsEntry("style-src", "'self'")
                .containsEntry("connect-src", "'self'").containsEntry("frame-ancestors", "'none'");
    }

    @Test
    void applicationPropertiesAndTheEnvironmentStillWin() {
        // application.properties in the jar has 250, the environment 300, system properties 400
        assertThat(new SecurityHeaders().getOrdinal()).isLessThan(250);
    }
}
