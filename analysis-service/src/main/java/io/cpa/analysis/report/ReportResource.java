package io.cpa.analysis.report;

import io.cpa.analysis.api.BadParameter;
import io.cpa.analysis.tenant.CallerScope;
import io.cpa.analysis.tenant.TenantScope;
import io.cpa.analysis.series.AnalysisConfig;
import io.cpa.event.CertaintyEvent;
import io.cpa.report.BarChart;
import io.cpa.report.CsvReport;
import io.cpa.report.MarkdownReport;
import io.cpa.report.ReportOptions;
import io.cpa.report.StudyReport;
import io.cpa.report.StudyReports;
import io.cpa.report.SvgCharts;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;

/**
 * The paper's tables for one study: {@code GET /api/reports/{studyId}?format=md|csv|json} (default md) and its charts,
 * {@code GET /api/reports/{studyId}/charts/{name}.svg} (names are listed in the report). 404 when no certainty carries
 * the study id. The report is built from the whole topic at each request, so it is complete up to that moment.
 * A report holds one tenant's certainties: the caller's ({@link TenantScope#studyCertainties}).
 */
@Path("/api/reports")
@Blocking
public class ReportResource {
    private static final MediaType MARKDOWN = new MediaType("text", "markdown", "UTF-8");
    private static final MediaType CSV = new MediaType("text", "csv", "UTF-8");
    private static final MediaType SVG = new MediaType("image", "svg+xml");

    private final CertaintyLog log;
    private final AnalysisConfig config;
    private final CallerScope caller;

    ReportResource(CertaintyLog log, AnalysisConfig config, CallerScope caller) {
        this.log = log;
        this.config = config;
        this.caller = caller;
    }

    @GET
    @Path("{studyId}")
    public Response report(@PathParam("studyId") String studyId, @QueryParam("format") @DefaultValue("md") String format,
                           @QueryParam("tenant") String tenant) {
        if (!List.of("md", "csv", "json").contains(format)) {
            return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "format: must be md, csv or json, was " + format)).build();
        }
        StudyReport report = build(studyId, tenant);
        return switch (format) {
            case "csv" -> Response.ok(CsvReport.render(report), CSV).build();
            case "json" -> Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
            default -> Response.ok(MarkdownReport.render(report), MARKDOWN).build();
        };
    }

    @GET
    @Path("{studyId}/charts/{file}")
    public Response chart(@PathParam("studyId") String studyId, @PathParam("file") String file, @QueryParam("tenant") String tenant) {
        if (!file.endsWith(".svg")) throw new NotFoundException("charts are served as NAME.svg");
        String name = file.substring(0, file.length() - ".svg".length());
        BarChart chart = build(studyId, tenant).chart(name).orElseThrow(() -> new NotFoundException("study " + studyId + " has no chart " + name));
        return Response.ok(SvgCharts.render(chart), SVG).build();
    }

    /**
     * The report of the study's certainties of one tenant: the caller's own (another tenant's study is an unknown
     * study); a caller of every tenant names the tenant with {@code tenant=} when the study id has several.
     */
    private StudyReport build(String studyId, String tenant) {
        List<CertaintyEvent> events;
        try {
            events = caller.current().studyCertainties(log.read(studyId), tenant);
        } catch (IllegalArgumentException e) {
            throw new BadParameter("tenant", e.getMessage());
        }
        if (events.isEmpty()) throw new NotFoundException("no certainty carries study id " + studyId);
        return StudyReports.build(studyId, events, ReportOptions.defaults().withMinN(Math.max(5, config.minN())));
    }

    @ServerExceptionMapper
    public Response ambiguous(TenantScope.AmbiguousStudy e) {
        return Response.status(409).type(MediaType.APPLICATION_JSON).entity(Map.of("error", e.getMessage(), "field", "tenant")).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Response.status(404).type(MediaType.APPLICATION_JSON).entity(Map.of("error", e.getMessage())).build();
    }
}
