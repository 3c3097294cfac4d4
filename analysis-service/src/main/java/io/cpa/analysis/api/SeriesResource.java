package io.cpa.analysis.api;

import io.cpa.analysis.tenant.CallerScope;
import io.cpa.analysis.tenant.TenantScope;
import io.cpa.analysis.query.StateRouter;
import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.analysis.feed.AlignmentFeed;
import io.cpa.analysis.history.HistoryQueries;
import io.cpa.analysis.range.RangeQueries;
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
 * {@code GET /api/series/{key}/history} its rho over time, {@code /range}, {@code /daily} and {@code /compare} any
 * stretch of event time from its buckets, {@code GET /api/stream} pushes snapshots and alerts as
 * Server-Sent Events.
 * {@code scope=local} restricts an answer to this instance's own state (used between instances).
 * Every answer is the caller's tenant's only ({@link TenantScope}): another tenant's series is not listed, not
 * streamed, and its key is answered exactly as a key that does not exist.
 */
@Path("/api")
public class SeriesResource {
    private final SeriesQueries queries;
    private final HistoryQueries history;
    private final AlignmentFeed feed;
    private final List<String> windowNames;
    private final String defaultHistoryWindow;
    private final int historySize;

    private final RangeQueries ranges;
    private final CallerScope caller;

    SeriesResource(SeriesQueries queries, HistoryQueries history, RangeQueries ranges, AlignmentFeed feed, AnalysisConfig config,
                   CallerScope caller) {
        this.caller = caller;
        this.queries = queries;
        this.ranges = ranges;
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
        return caller.current().seriesOnly("local".equals(scope) ? queries.local() : queries.all(), "seriesKey");
    }

    @GET
    @Path("series/{key}")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public JsonNode get(@PathParam("key") String key, @QueryParam("scope") @DefaultValue("all") String scope) {
        visible(key);
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
        visible(key);
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
        visible(key);
        var found = "local".equals(scope) ? history.localHistory(key, w, limit) : history.history(key, w, limit);
        return found.orElseThrow(() -> new NotFoundException("no series " + key));
    }

    /**
     * Every statistic over a stretch of event time, from the series' time buckets: {@code from} and {@code to} (epoch
     * ms or ISO-8601 instants, {@code to} defaulting to just after the latest event), or {@code last} (a duration such
     * as {@code 1h}, {@code 7d}) ending with the latest event. The answer says which stretch the buckets cover
     * ({@code fromMs}, {@code toMs}): a range is widened to whole minutes, and narrowed where finer buckets are past
     * their retention.
     */
    @GET
    @Path("series/{key}/range")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public JsonNode range(@PathParam("key") String key, @QueryParam("from") String from, @QueryParam("to") String to,
                          @QueryParam("last") String last, @QueryParam("scope") @DefaultValue("all") String scope) {
        RangeQueries.Spec spec = RangeParams.spec(from, to, last, "");
        visible(key);
        return found(ranges.range(key, spec, "local".equals(scope)), key);
    }

    /** One range per UTC day, oldest first, ending with the day of the latest event: {@code days} 1..3660 (default 90). */
    @GET
    @Path("series/{key}/daily")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public JsonNode daily(@PathParam("key") String key, @QueryParam("days") String daysParam,
                          @QueryParam("scope") @DefaultValue("all") String scope) {
        int days = BadParameter.intParam(daysParam, "days", 1, 3660, 90);
        visible(key);
        return found(ranges.daily(key, days, "local".equals(scope)), key);
    }

    /**
     * Two ranges of a series and the difference of each correlation (range minus baseline) with its 95% interval: the
     * range as for {@code /range}, the baseline by {@code baseFrom}, {@code baseTo} or {@code baseLast}.
     */
    @GET
    @Path("series/{key}/compare")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public JsonNode compare(@PathParam("key") String key, @QueryParam("from") String from, @QueryParam("to") String to,
                            @QueryParam("last") String last, @QueryParam("baseFrom") String baseFrom,
                            @QueryParam("baseTo") String baseTo, @QueryParam("baseLast") String baseLast,
                            @QueryParam("scope") @DefaultValue("all") String scope) {
        RangeQueries.Spec range = RangeParams.spec(from, to, last, "");
        RangeQueries.Spec baseline = RangeParams.spec(baseFrom, baseTo, baseLast, "base");
        visible(key);
        return found(ranges.compare(key, range, baseline, "local".equals(scope)), key);
    }

    private static JsonNode found(java.util.Optional<JsonNode> answer, String key) {
        return answer.orElseThrow(() -> new NotFoundException("no series " + key));
    }

    /**
     * A key of a series the caller does not see is a key that does not exist: the same 404 and body, at the point
     * where the lookup would have found nothing (after the parameters are checked, as for an unknown key).
     */
    private void visible(String key) {
        if (!caller.current().seesSeries(key)) throw new NotFoundException("no series " + key);
    }

    /**
     * Server-Sent Events: every snapshot as an unnamed event (EventSource {@code message}), every alert event as an
     * event named {@code alert}; both carry their JSON as data.
     */
    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        TenantScope scope = caller.current(); // read once, on the request: the stream outlives the request's context
        return feed.stream().filter(e -> scope.seesSeries(e.seriesKey())).map(e -> {
            OutboundSseEvent.Builder b = sse.newEventBuilder().mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, e.json());
            if (e.name() != null) b.name(e.name());
            return b.build();
        });
    }

    @ServerExceptionMapper
    public Response notReady(StateRouter.NotReady e) {
        return Response.status(503).header("Retry-After", "2").type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Response.status(404).type(MediaType.APPLICATION_JSON).entity(Map.of("error", e.getMessage())).build();
    }
}
