package io.cpa.answer.auth;

import io.cpa.answer.http.HttpErrors;
import io.cpa.answer.proxy.ProxyRoute;
import io.cpa.security.AuthErrorReply;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;

/**
 * 401 and 403 on the proxy's paths in OpenAI's error shape ({@code {"error": {"message", "type", "param", "code"}}}),
 * which the OpenAI SDKs read and raise as an authentication or permission error.
 */
// looked up only through Instance<> by the security module, which ArC would not count as a use
@Unremovable
@Singleton
public class ProxyErrors implements AuthErrorReply {
    static boolean isProxyPath(String path) {
        return path.equals(ProxyRoute.PATH) || path.equals(ProxyRoute.RESPONSES_PATH) || path.equals(ProxyRoute.MODELS_PATH)
                || path.startsWith(ProxyRoute.MODELS_PATH + "/");
    }

    @Override
    public boolean reply(RoutingContext ctx, int status, String message) {
        if (!isProxyPath(ctx.normalizedPath())) return false;
        if (status == 401) {
            HttpErrors.openAi(ctx, 401, "missing or unknown API key for the monitoring proxy: send a key of the proxy as the API key"
                    + " (Authorization: Bearer) or in X-CPA-Key", "invalid_request_error", null, "invalid_api_key");
        } else {
            HttpErrors.openAi(ctx, status, "this key may not use the proxy: it needs the role ingest", "invalid_request_error", null,
                    "insufficient_permissions");
        }
        return true;
    }
}
