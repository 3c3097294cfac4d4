package io.cpa.answer.benchmark;

import io.cpa.answer.tenant.CallerTenant;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** Benchmark runs over REST: {@code POST /api/runs} starts one, {@code DELETE /api/runs/{id}} stops it. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BenchmarkResource {
    private final BenchmarkRunner runner;
    private final CallerTenant caller;

    BenchmarkResource(BenchmarkRunner runner, CallerTenant caller) {
        this.runner = runner;
        this.caller = caller;
    }

    @POST
    public Response start(RunRequest request) {
        try {
            RunStatus status = runner.start(request == null ? RunRequest.defaults() : request, caller.current());
            return Response.created(URI.create("/api/runs/" + status.id())).entity(status).build();
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(Map.of("error", e.getMessage())).build();
        }
    }

    @GET
    public List<RunStatus> list() {
        return runner.list(caller.current());
    }

    @GET
    @Path("{id}")
    public RunStatus get(@PathParam("id") String id) {
        return runner.get(id, caller.current()).orElseThrow(() -> new NotFoundException("no run " + id));
    }

    @DELETE
    @Path("{id}")
    public RunStatus stop(@PathParam("id") String id) {
        return runner.stop(id, caller.current()).orElseThrow(() -> new NotFoundException("no run " + id));
    }
}
