package io.cpa.analysis.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/**
 * Maps {@link BadParameter} to 400 naming the field, and state that cannot be read now to 503 with
 * {@code Retry-After}, for every resource.
 */
public class ApiErrors {
    @ServerExceptionMapper
    public Response notReady(io.cpa.analysis.query.StateRouter.NotReady e) {
        return Response.status(503).header("Retry-After", "2").type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response badParameter(BadParameter e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage(), "field", e.field())).build();
    }
}
