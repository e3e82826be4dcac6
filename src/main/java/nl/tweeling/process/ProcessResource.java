package nl.tweeling.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.api.Format;
import nl.tweeling.feature.api.Responses;
import nl.tweeling.job.Job;
import nl.tweeling.job.JobResource;
import nl.tweeling.job.JobService;
import nl.tweeling.platform.security.ApiKey;
import nl.tweeling.platform.security.ApiKeyFilter;
import nl.tweeling.platform.security.Caller;
import nl.tweeling.platform.security.RequiresRole;
import nl.tweeling.platform.security.Role;
import nl.tweeling.process.model.Model;

/**
 * OGC API – Processes Part 1: {@code /processes} (the list), {@code /processes/{id}} (a process description) and
 * {@code POST /processes/{id}/execution} (run it: a job; asynchronous by default, synchronous for a small run with
 * {@code Prefer: respond-sync}). Jobs are served by nl.tweeling.job.JobResource.
 */
@Path("/processes")
@Tag(name = "Processes")
public class ProcessResource {

    static final String EXECUTE_REL = "http://www.opengis.net/def/rel/ogc/1.0/execute";
    static final List<String> JOB_CONTROL = List.of("async-execute", "sync-execute", "dismiss");
    static final List<String> TRANSMISSION = List.of("value", "reference");
    private static final java.util.Set<String> BODY_MEMBERS = java.util.Set.of("inputs", "outputs", "response",
            "subscriber");

    /** The process list's page size when limit is not given, and the largest one (OGC API – Processes' own). */
    static final int LIST_DEFAULT_LIMIT = 10;
    static final int LIST_MAX_LIMIT = 10000;

    @Inject
    ProcessRegistry registry;

    @Inject
    ProcessService processes;

    @Inject
    JobService jobs;

    @Inject
    ProcessConfig config;

    @Inject
    ObjectMapper json;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "The processes (simulation models) this server runs")
    public Response list(@QueryParam("f") String f, @QueryParam("limit") String limit,
            @QueryParam("after") String after, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        for (var e : uri.getQueryParameters().entrySet()) {
            if (!List.of("f", "limit", "after").contains(e.getKey())) {
                throw TweelingException.badParameter(e.getKey(), "Unknown parameter " + e.getKey() + "; this path"
                        + " takes f, limit and after.");
            }
        }
        Format format = Format.choose(f, accept, Format.JSON, Format.HTML);
        int n = LIST_DEFAULT_LIMIT;
        if (limit != null) {
            if (!limit.matches("[0-9]{1,5}") || Integer.parseInt(limit) < 1 || Integer.parseInt(limit) > LIST_MAX_LIMIT) {
                throw TweelingException.badParameter("limit", "limit must be a whole number from 1 to "
                        + LIST_MAX_LIMIT + ".");
            }
            n = Integer.parseInt(limit);
        }
        // in id order; a page ends after `limit` processes, the next one starts after the last id shown
        List<Model<?, ?>> all = new ArrayList<>(registry.all());
        all.sort(java.util.Comparator.comparing(Model::id));
        List<Map<String, Object>> out = new ArrayList<>();
        boolean more = false;
        for (Model<?, ?> m : all) {
            if (after != null && m.id().compareTo(after) <= 0) {
                continue;
            }
            if (out.size() == n) {
                more = true;
                break;
            }
            out.add(summary(m));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("processes", out);
        List<Map<String, Object>> links = new ArrayList<>();
        links.add(link(uri.getRequestUri().toString(), "self", MediaType.APPLICATION_JSON, "The processes"));
        if (more) {
            String last = (String) out.get(out.size() - 1).get("id");
            links.add(link(uri.getBaseUriBuilder().path("processes").queryParam("limit", n).queryParam("after", last)
                    .build().toString(), "next", MediaType.APPLICATION_JSON, "The next processes"));
        }
        body.put("links", links);
        return Responses.resource(format, uri, json, body, "Processes", "processes", "Processes");
    }

    @GET
    @Path("/{processId}")
    @Operation(summary = "A process description (OGC process description): its inputs and outputs with JSON Schema")
    public Response describe(@PathParam("processId") String id, @QueryParam("f") String f,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        onlyF();
        Format format = Format.choose(f, accept, Format.JSON, Format.HTML);
        Model<?, ?> m = find(id);
        Map<String, Object> d = summary(m);
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (var in : m.inputs()) {
            inputs.put(in.id(), io(in.title(), in.description(), in.schema(), in.minOccurs(), in.maxOccurs()));
        }
        inputs.put(ProcessService.SCENARIO, io("Scenario", "Run on this scenario (its id; GET /scenarios lists them)"
                + " instead of the baseline.", Map.of("type", "integer", "minimum", 1), 0, 1));
        inputs.put(ProcessService.REVISION, io("Scenario revision", "The scenario's revision to read; its current"
                + " revision when absent. Only with scenario.", Map.of("type", "integer", "minimum", 0), 0, 1));
        d.put("inputs", inputs);
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (var out : m.outputs()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("title", out.title());
            o.put("description", out.description() + (out.layer() ? " A result layer: the results give its items as"
                    + " a reference (GeoJSON); it is an OGC API collection with tiles until the job is deleted." : ""));
            o.put("schema", out.schema());
            outputs.put(out.id(), o);
        }
        d.put("outputs", outputs);
        if (!m.figures().isEmpty()) {
            List<Map<String, Object>> figures = new ArrayList<>();
            for (var fig : m.figures()) {
                figures.add(Map.of("id", fig.id(), "title", fig.title(), "unit", fig.unit()));
            }
            d.put("buurtFigures", figures);
        }
        return Responses.resource(format, uri, json, d, m.title(), null, "Processes", m.id());
    }

    @POST
    @Path("/{processId}/execution")
    @Consumes(MediaType.WILDCARD)
    @RequiresRole(Role.PLANNER)
    @SecurityRequirement(name = "api-key")
    @Operation(summary = "Run a process: 201 with the job's status and Location /jobs/{jobId}; with Prefer:"
            + " respond-sync a small run answers 200 with its results; needs role planner")
    public Response execute(@PathParam("processId") String id, String body,
            @HeaderParam("Prefer") String prefer, @Context ContainerRequestContext request) {
        Model<?, ?> m = find(id);
        Map<String, Object> inputs = inputs(body);
        ApiKey key = ApiKeyFilter.caller(request).orElseThrow();
        ProcessService.Execution run = processes.execute(m, inputs, new Caller(key));
        boolean wantsSync = prefers(prefer, "respond-sync");
        boolean wantsAsync = prefers(prefer, "respond-async");
        if (wantsSync && run.small()) {
            try {
                run.done().get(config.syncWait().toMillis(), TimeUnit.MILLISECONDS);
                Job job = jobs.find(run.job().id).orElseThrow();
                if (Job.SUCCESSFUL.equals(job.status)) {
                    return Response.ok(JobResource.results(job, base()), MediaType.APPLICATION_JSON)
                            .header("Preference-Applied", "respond-sync")
                            .header(HttpHeaders.LOCATION, base() + "jobs/" + job.id).build();
                }
                if (Job.FAILED.equals(job.status)) {
                    throw new TweelingException(422, "Process failed", "The run of " + m.id() + " failed: "
                            + job.message + " (GET /jobs/" + job.id + ")", null, null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (TimeoutException | ExecutionException e) {
                // longer than the sync limit: answered asynchronously below
            }
        }
        Job job = jobs.find(run.job().id).orElseThrow();
        Response.ResponseBuilder r = Response.status(201).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.LOCATION, base() + "jobs/" + job.id)
                .entity(JobResource.statusInfo(job, base()));
        if (wantsAsync) {
            r.header("Preference-Applied", "respond-async");
        }
        return r.build();
    }

    /** Whether a Prefer header holds {@code token} (RFC 7240: comma-separated preferences, maybe with parameters). */
    static boolean prefers(String prefer, String token) {
        if (prefer == null) {
            return false;
        }
        for (String p : prefer.split(",")) {
            String name = p.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
            if (name.equals(token)) {
                return true;
            }
        }
        return false;
    }

    /** The execute request's inputs: {@code {"inputs": {...}}}; an OGC qualified value {"value": v} is unwrapped. */
    private Map<String, Object> inputs(String body) {
        if (body == null || body.isBlank()) {
            return Map.of();
        }
        Map<String, Object> request;
        try {
            request = json.readValue(body, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw TweelingException.badBody("The body must be a JSON object like {\"inputs\": {\"name\": value}}: "
                    + "it is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ").", null);
        }
        if (request == null) {
            return Map.of();
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        for (String k : request.keySet()) {
            if (!BODY_MEMBERS.contains(k)) {
                errors.add(Map.of("member", k, "detail", "Unknown member " + k + "; an execute request has inputs,"
                        + " outputs, response and subscriber."));
            }
        }
        if (request.get("subscriber") != null) {
            errors.add(Map.of("member", "subscriber", "detail", "Callbacks (subscriber) are not offered yet: leave"
                    + " subscriber out and poll GET /jobs/{jobId} (the Location of the answer)."));
        }
        Object response = request.get("response");
        if (response != null && !"document".equals(response)) {
            errors.add(Map.of("member", "response", "detail", "response must be document (the only one offered)."));
        }
        Object in = request.getOrDefault("inputs", Map.of());
        if (!(in instanceof Map<?, ?>)) {
            errors.add(Map.of("member", "inputs", "detail", "inputs must be an object of input name to value."));
        }
        if (!errors.isEmpty()) {
            throw TweelingException.badBody(errors.size() == 1 ? String.valueOf(errors.get(0).get("detail"))
                    : errors.size() + " problems in the request (see errors); nothing was started.", errors);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : ((Map<?, ?>) in).entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> q && q.size() == 1 && q.containsKey("value")) {
                v = q.get("value");
            }
            out.put(String.valueOf(e.getKey()), v);
        }
        return out;
    }

    private Map<String, Object> summary(Model<?, ?> m) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", m.id());
        s.put("title", m.title());
        s.put("description", m.description());
        s.put("version", m.version());
        s.put("jobControlOptions", JOB_CONTROL);
        s.put("outputTransmission", TRANSMISSION);
        String self = base() + "processes/" + m.id();
        s.put("links", List.of(
                link(self, "self", MediaType.APPLICATION_JSON, "The process description"),
                link(self + "?f=html", "alternate", MediaType.TEXT_HTML, "The process description as HTML"),
                link(self + "/execution", EXECUTE_REL, MediaType.APPLICATION_JSON, "Execute the process")));
        return s;
    }

    private static Map<String, Object> io(String title, String description, Map<String, Object> schema, int min,
            int max) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("title", title);
        o.put("description", description);
        o.put("schema", schema);
        o.put("minOccurs", min);
        o.put("maxOccurs", max);
        return o;
    }

    private Model<?, ?> find(String id) {
        return registry.find(id).orElseThrow(() -> new TweelingException(404, "Not found", "There is no process " + id
                + " (GET /processes lists them).", null, List.of(Map.of("type",
                        "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/no-such-process"))));
    }

    private void onlyF() {
        for (var e : uri.getQueryParameters().entrySet()) {
            if (!e.getKey().equals("f")) {
                throw TweelingException.badParameter(e.getKey(), "Unknown parameter " + e.getKey() + "; this path"
                        + " takes only f.");
            }
        }
    }

    private String base() {
        return uri.getBaseUri().toString();
    }

    private static Map<String, Object> link(String href, String rel, String type, String title) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("href", href);
        l.put("rel", rel);
        l.put("type", type);
        l.put("title", title);
        return l;
    }
}
