package io.cpa.analysis.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.analysis.feed.AlignmentFeed;
import io.cpa.analysis.series.SeriesQueries;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/**
 * Alignment per series. {@code GET /api/series} lists every series of every instance, {@code GET /api/series/{key}}
 * gives one ({@code model|source|variant}, URL-encoded), {@code GET /api/series/{key}/recent} its latest answers,
 * {@code GET /api/stream} pushes snapshots as Server-Sent Events.
 * {@code scope=local} restricts an answer to this instance's own state (used between instances).
 */
@Path("/api")
public class SeriesResource {
    private final SeriesQueries queries;
    private final AlignmentFeed feed;

    SeriesResource(SeriesQueries queries, AlignmentFeed feed) {
        this.queries = queries;
        this.feed = feed;
    }

    @GET
    @Path("series")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public JsonNode list(@QueryParam("scope") @DefaultValue("all") String scope) {
        return "local".equals(scope) ? queries.local() : queries.all();
    }

    @GET
    @Path("series/{key}")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public JsonNode get(@PathParam("key") String key, @QueryParam("scope") @DefaultValue("all") String scope) {
        var found = "local".equals(scope) ? queries.localOne(key) : queries.get(key);
        return found.orElseThrow(() -> new NotFoundException("no series " + key));
    }

    @GET
    @Path("series/{key}/recent")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public JsonNode recent(@PathParam("key") String key, @QueryParam("limit") @DefaultValue("200") int limit,
                           @QueryParam("scope") @DefaultValue("all") String scope) {
        if (limit < 1 || limit > 500) throw new BadRequestException("limit must be 1..500");
        var found = "local".equals(scope) ? queries.localRecent(key, limit) : queries.recent(key, limit);
        return found.orElseThrow(() -> new NotFoundException("no series " + key));
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<String> stream() {
        return feed.stream();
    }

    @ServerExceptionMapper
    public Response notReady(SeriesQueries.NotReady e) {
        return Response.status(503).header("Retry-After", "2").type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(Map.of("error", e.getMessage(), "field", "limit")).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Response.status(404).type(MediaType.APPLICATION_JSON).entity(Map.of("error", e.getMessage())).build();
    }
}
