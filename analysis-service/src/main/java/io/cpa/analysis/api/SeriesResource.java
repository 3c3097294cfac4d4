package io.cpa.analysis.api;

import io.cpa.analysis.series.SeriesQueries;
import io.cpa.analysis.series.SeriesState;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;

/** Alignment per series: {@code GET /api/series} lists them, {@code GET /api/series/{model|source|variant}} gives one. */
@Path("/api/series")
@Produces(MediaType.APPLICATION_JSON)
public class SeriesResource {
    private final SeriesQueries queries;

    SeriesResource(SeriesQueries queries) {
        this.queries = queries;
    }

    @GET
    public List<SeriesState.SeriesView> list() {
        return queries.all();
    }

    @GET
    @Path("{key}")
    public SeriesState.SeriesView get(@PathParam("key") String key) {
        return queries.get(key).orElseThrow(() -> new NotFoundException("no series " + key));
    }

    @ServerExceptionMapper
    public Response notReady(SeriesQueries.NotReady e) {
        return Response.status(503).header("Retry-After", "2").entity(Map.of("error", e.getMessage())).build();
    }
}
