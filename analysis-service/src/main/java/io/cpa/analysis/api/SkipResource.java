package io.cpa.analysis.api;

import io.cpa.analysis.tenant.CallerScope;
import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.analysis.skips.SkipQueries;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/skips}: per series, the answers the certainty-service did not ask about, by reason (replies with only
 * tool calls, refusals, empty or filtered replies, no route, no credentials, sampling, budget). A series may have skips
 * and no certainty at all (a model whose every reply was a tool call).
 */
@Path("/api/skips")
public class SkipResource {
    // the caller's tenant's series only (TenantScope)
    private final SkipQueries skips;
    private final CallerScope caller;

    SkipResource(SkipQueries skips, CallerScope caller) {
        this.skips = skips;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public JsonNode all(@QueryParam("scope") @DefaultValue("all") String scope) {
        return caller.current().seriesOnly("local".equals(scope) ? skips.local() : skips.all(), "seriesKey");
    }
}
