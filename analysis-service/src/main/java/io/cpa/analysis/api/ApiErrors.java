package io.cpa.analysis.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** Maps {@link BadParameter} to 400 naming the field, for every resource. */
public class ApiErrors {
    @ServerExceptionMapper
    public Response badParameter(BadParameter e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage(), "field", e.field())).build();
    }
}
