package io.cpa.analysis.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.analysis.feed.AlignmentFeed;
import io.cpa.analysis.history.HistoryQueries;
import io.cpa.analysis.series.AnalysisConfig;
import io.cpa.analysis.series.SeriesAnalysis;
import io.cpa.analysis.series.SeriesQueries;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;

/**
 * Alignment per series. {@code GET /api/series} lists every series of every instance, {@code GET /api/series/{key}}
 * gives one ({@code model|source|variant}, URL-encoded), {@code GET /api/series/{key}/recent} its latest answers,
 * {@code GET /api/series/{key}/history} its rho over time, {@code GET /api/stream} pushes snapshots and alerts as
 * Server-Sent Events.
 * {@code scope=local} restricts an answer to this instance's own state (used between instances).
 */
@Path("/api")
public class SeriesResource {
    private final SeriesQueries queries;
    private final HistoryQueries history;
    private final AlignmentFeed feed;
    private final List<String> windowNames;
    private final String defaultHistoryWindow;
    private final int historySize;

    SeriesResource(SeriesQueries queries, HistoryQueries history, AlignmentFeed feed, AnalysisConfig config) {
        this.queries = queries;
        this.history = history;
        this.feed = feed;
        this.windowNames = new SeriesAnalysis(config).windowNames();
        this.defaultHistoryWindow = config.windows().isEmpty() ? "since-start"
                : "last-" + config.windows().stream().mapToInt(Integer::intValue).max().getAsInt();
        this.historySize = config.historySize();
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
    public JsonNode recent(@PathParam("key") String key, @QueryParam("limit") String limitParam,
                           @QueryParam("scope") @DefaultValue("all") String scope) {
        int limit = BadParameter.intParam(limitParam, "limit", 1, 500, 200);
        var found = "local".equals(scope) ? queries.localRecent(key, limit) : queries.recent(key, limit);
        return found.orElseThrow(() -> new NotFoundException("no series " + key));
    }

    /**
     * The series' rho over time in one window, newest last:
     * {@code [{"atMs", "received", "n", "rho", "lower", "upper", "status"}]}, rho and bounds null unless status is OK.
     */
    @GET
    @Path("series/{key}/history")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public JsonNode history(@PathParam("key") String key, @QueryParam("window") String window,
                            @QueryParam("limit") String limitParam, @QueryParam("scope") @DefaultValue("all") String scope) {
        List<String> names = windowNames;
        String w = window == null || window.isBlank() ? defaultHistoryWindow : window;
        if (!names.contains(w)) throw new BadParameter("window", "window must be one of " + names + ", got '" + w + "'");
        int limit = BadParameter.intParam(limitParam, "limit", 1, historySize, Math.min(500, historySize));
        var found = "local".equals(scope) ? history.localHistory(key, w, limit) : history.history(key, w, limit);
        return found.orElseThrow(() -> new NotFoundException("no series " + key));
    }

    /**
     * Server-Sent Events: every snapshot as an unnamed event (EventSource {@code message}), every alert event as an
     * event named {@code alert}; both carry their JSON as data.
     */
    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        return feed.stream().map(e -> {
            OutboundSseEvent.Builder b = sse.newEventBuilder().mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, e.json());
            if (e.name() != null) b.name(e.name());
            return b.build();
        });
    }

    @ServerExceptionMapper
    public Response notReady(SeriesQueries.NotReady e) {
        return Response.status(503).header("Retry-After", "2").type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Response.status(404).type(MediaType.APPLICATION_JSON).entity(Map.of("error", e.getMessage())).build();
    }
}
