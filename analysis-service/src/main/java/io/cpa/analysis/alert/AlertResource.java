package io.cpa.analysis.alert;

import io.cpa.analysis.tenant.CallerScope;
import io.cpa.analysis.tenant.TenantScope;
import io.cpa.analysis.query.StateRouter;
import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.analysis.api.BadParameter;
import io.cpa.event.SeriesKey;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/**
 * {@code GET /api/alerts?series=model|source|variant&state=open|all&limit=N}: the open alerts (their OPEN events) or
 * the latest alert events, newest first, of one series or of all. {@code scope=local} is used between instances.
 */
@Path("/api/alerts")
public class AlertResource {
    static final int MAX_LIMIT = 1000;
    private final AlertQueries alerts;
    private final CallerScope caller;

    AlertResource(AlertQueries alerts, CallerScope caller) {
        this.alerts = alerts;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public JsonNode list(@QueryParam("series") String series, @QueryParam("state") @DefaultValue("open") String state,
                         @QueryParam("limit") String limit, @QueryParam("scope") @DefaultValue("all") String scope) {
        if (!state.equals("open") && !state.equals("all")) {
            throw new BadParameter("state", "state must be open or all, got '" + state + "'");
        }
        int max = BadParameter.intParam(limit, "limit", 1, MAX_LIMIT, 100);
        String key = series == null || series.isBlank() ? null : series;
        if (key != null) {
            try {
                SeriesKey.parse(key);
            } catch (IllegalArgumentException e) {
                throw new BadParameter("series", "series must be model|source|variant: " + e.getMessage());
            }
        }
        boolean openOnly = state.equals("open");
        // the caller's tenant's series only: another tenant's series has no alerts, as a series that does not exist
        TenantScope tenant = caller.current();
        return "local".equals(scope) ? alerts.local(key, openOnly, max, tenant::seesSeries)
                : alerts.alerts(key, openOnly, max, tenant::seesSeries);
    }

    @ServerExceptionMapper
    public Response notReady(StateRouter.NotReady e) {
        return Response.status(503).header("Retry-After", "2").type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage())).build();
    }
}
