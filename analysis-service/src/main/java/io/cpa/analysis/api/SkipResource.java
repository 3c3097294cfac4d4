package io.cpa.analysis.api;

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
    private final SkipQueries skips;

    SkipResource(SkipQueries skips) {
        this.skips = skips;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public JsonNode all(@QueryParam("scope") @DefaultValue("all") String scope) {
        return "local".equals(scope) ? skips.local() : skips.all();
    }
}
