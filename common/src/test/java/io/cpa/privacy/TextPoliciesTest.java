package io.cpa.privacy;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextPoliciesTest {
    @Test
    void strictnessOrdersNoneBeforeTruncateBeforeKeep() {
        assertEquals(TextPolicy.NONE, TextPolicy.KEEP.stricter(TextPolicy.NONE));
        assertEquals(TextPolicy.NONE, TextPolicy.NONE.stricter(TextPolicy.TRUNCATE));
        assertEquals(TextPolicy.TRUNCATE, TextPolicy.TRUNCATE.stricter(TextPolicy.KEEP));
        assertEquals(TextPolicy.KEEP, TextPolicy.KEEP.stricter(null));
    }

    @Test
    void aBadNameNamesTheKey() {
        assertEquals(TextPolicy.TRUNCATE, TextPolicy.byName(" Truncate ", "k"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextPolicy.byName("hash", "cpa.privacy.text"));
        assertTrue(e.getMessage().startsWith("cpa.privacy.text: expected one of [keep, truncate, none]"), e.getMessage());
    }

    @Test
    void theTenantReplacesTheDefaultAndTheRouteOnlyTightens() {
        TextPolicies p = new TextPolicies(TextPolicy.TRUNCATE, 50,
                Map.of("acme", TextPolicy.KEEP, "bank", TextPolicy.NONE),
                Map.of("open", TextPolicy.KEEP, "secret", TextPolicy.NONE));
        assertEquals(TextPolicy.TRUNCATE, p.resolve(null, null), "no route, default tenant: the default");
        assertEquals(TextPolicy.TRUNCATE, p.resolve("other", "default"));
        assertEquals(TextPolicy.KEEP, p.resolve(null, "acme"), "a tenant's own setting replaces the default");
        assertEquals(TextPolicy.KEEP, p.resolve("open", "acme"));
        assertEquals(TextPolicy.NONE, p.resolve("secret", "acme"), "the stricter of route and tenant");
        assertEquals(TextPolicy.NONE, p.resolve("open", "bank"), "a route never loosens a tenant");
        assertEquals(TextPolicy.TRUNCATE, p.resolve("open", null), "nor the default");
        assertEquals(50, p.truncateChars());
        assertFalse(p.keepsEverything());
        assertTrue(TextPolicies.keepAll().keepsEverything());
    }

    @Test
    void routeTextsAreReadInBothForms() {
        Map<String, TextPolicy> r = TextPolicies.routeTexts(Map.of("cpa.routes.openai.text", "none",
                "CPA_ROUTES_SIM_A_TEXT", "truncate", "cpa.routes.openai.models", "gpt-4o*", "CPA_PRIVACY_TEXT", "keep"));
        assertEquals(Map.of("openai", TextPolicy.NONE, "sim-a", TextPolicy.TRUNCATE), r);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextPolicies.routeTexts(Map.of("cpa.routes.a.text", "secret")));
        assertTrue(e.getMessage().startsWith("cpa.routes.a.text:"), e.getMessage());
    }

    @Test
    void badSettingsNameTheirKey() {
        IllegalArgumentException chars = assertThrows(IllegalArgumentException.class,
                () -> new TextPolicies(TextPolicy.KEEP, 0, Map.of(), Map.of()));
        assertTrue(chars.getMessage().startsWith("cpa.privacy.truncate-chars"), chars.getMessage());
        IllegalArgumentException tenant = assertThrows(IllegalArgumentException.class,
                () -> new TextPolicies(TextPolicy.KEEP, 10, Map.of("Big Corp", TextPolicy.NONE), Map.of()));
        assertTrue(tenant.getMessage().startsWith("cpa.privacy.tenants.Big Corp.text"), tenant.getMessage());
    }
}
