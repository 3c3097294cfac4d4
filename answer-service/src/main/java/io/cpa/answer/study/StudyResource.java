package io.cpa.answer.study;

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

/**
 * Studies over REST: {@code POST /api/studies} starts one (201 with its status; 400 naming the field of a bad request),
 * {@code GET /api/studies/{id}} shows its progress, {@code DELETE /api/studies/{id}} stops it after the calls in flight.
 */
@Path("/api/studies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StudyResource {
    private final StudyRunner runner;
    private final CallerTenant caller;

    StudyResource(StudyRunner runner, CallerTenant caller) {
        this.runner = runner;
        this.caller = caller;
    }

    @POST
    public Response start(StudyRequest request) {
        try {
            StudyStatus status = runner.start(request, caller.current());
            return Response.created(URI.create("/api/studies/" + status.id())).entity(status).build();
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(Map.of("error", e.getMessage())).build();
        }
    }

    @GET
    public List<StudyStatus> list() {
        return runner.list(caller.current());
    }

    @GET
    @Path("{id}")
    public StudyStatus get(@PathParam("id") String id) {
        return runner.get(id, caller.current()).orElseThrow(() -> new NotFoundException("no study " + id));
    }

    @DELETE
    @Path("{id}")
    public StudyStatus stop(@PathParam("id") String id) {
        return runner.stop(id, caller.current()).orElseThrow(() -> new NotFoundException("no study " + id));
    }
}
