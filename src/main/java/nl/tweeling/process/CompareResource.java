package nl.tweeling.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.job.Job;
import nl.tweeling.job.JobResource;
import nl.tweeling.job.JobService;
import nl.tweeling.platform.security.ApiKey;
import nl.tweeling.platform.security.ApiKeyFilter;
import nl.tweeling.platform.security.OptionalKey;
import nl.tweeling.process.model.FigureDescriptor;
import nl.tweeling.process.model.Model;

/**
 * {@code GET /jobs/{a}/compare/{b}}: two successful runs of the same process side by side per buurt, as a GeoJSON
 * FeatureCollection: for each figure the model declares, {@code <figure>_a}, {@code <figure>_b} and
 * {@code <figure>_difference} (b − a), and the totals over all buurten.
 */
@Path("/jobs/{a}/compare/{b}")
@Tag(name = "Jobs")
public class CompareResource {

    @Inject
    JobService jobs;

    @Inject
    ProcessRegistry registry;

    @Inject
    ProcessRepository repository;

    @Inject
    ObjectMapper json;

    @Context
    UriInfo uri;

    @GET
    @OptionalKey
    @Operation(summary = "Compare two successful runs of the same process per buurt (GeoJSON): each figure of a, of b"
            + " and the difference b − a, with totals; for the key that started both (or an admin key)")
    public Response compare(@PathParam("a") String a, @PathParam("b") String b,
            @Context ContainerRequestContext request) {
        for (String k : uri.getQueryParameters().keySet()) {
            if (!k.equals("f")) {
                throw TweelingException.badParameter(k, "Unknown parameter " + k + "; compare takes only f=json.");
            }
        }
        Optional<ApiKey> key = ApiKeyFilter.caller(request);
        Job ja = visible(a, key);
        Job jb = visible(b, key);
        List<Map<String, Object>> errors = new ArrayList<>();
        if (!ja.process() || !jb.process() || !ja.kind.equals(jb.kind)) {
            errors.add(Map.of("detail", "Jobs " + a + " (" + ja.processId() + ") and " + b + " (" + jb.processId()
                    + ") did not run the same process: compare two runs of one process."));
        }
        for (Job j : List.of(ja, jb)) {
            if (!Job.SUCCESSFUL.equals(j.status)) {
                errors.add(Map.of("detail", "Job " + j.id + " is " + j.status + ", not successful: only finished,"
                        + " successful runs with their results can be compared."));
            }
        }
        Optional<Model<?, ?>> model = registry.find(ja.processId());
        if (errors.isEmpty() && (model.isEmpty() || model.get().figures().isEmpty())) {
            errors.add(Map.of("detail", "Process " + ja.processId() + " writes no per-buurt figures to compare."));
        }
        if (!errors.isEmpty()) {
            throw new TweelingException(400, "Cannot compare", (String) errors.get(0).get("detail")
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more problem(s): see errors)" : ""),
                    null, errors);
        }
        List<FigureDescriptor> figures = model.get().figures();
        Map<String, Map<String, Object>> byBuurt = new LinkedHashMap<>();
        Map<String, double[]> totals = new LinkedHashMap<>();
        for (FigureDescriptor f : figures) {
            totals.put(f.id(), new double[2]);
        }
        for (ProcessRepository.FigurePair p : repository.compare(ja.id, jb.id)) {
            Map<String, Object> feature = byBuurt.computeIfAbsent(p.buurtCode(), code -> feature(code, p, figures));
            @SuppressWarnings("unchecked")
            Map<String, Object> props = (Map<String, Object>) feature.get("properties");
            if (!totals.containsKey(p.figure())) {
                continue;
            }
            props.put(p.figure() + "_a", number(p.a()));
            props.put(p.figure() + "_b", number(p.b()));
            props.put(p.figure() + "_difference", number(p.b() - p.a()));
            totals.get(p.figure())[0] += p.a();
            totals.get(p.figure())[1] += p.b();
        }
        Map<String, Object> total = new LinkedHashMap<>();
        for (FigureDescriptor f : figures) {
            double[] t = totals.get(f.id());
            total.put(f.id(), Map.of("a", number(t[0]), "b", number(t[1]), "difference", number(t[1] - t[0]),
                    "unit", f.unit()));
        }
        Map<String, Object> fc = new LinkedHashMap<>();
        fc.put("type", "FeatureCollection");
        fc.put("process", ja.processId());
        fc.put("a", ja.id.toString());
        fc.put("b", jb.id.toString());
        fc.put("totals", total);
        fc.put("numberReturned", byBuurt.size());
        fc.put("features", List.copyOf(byBuurt.values()));
        String base = uri.getBaseUri().toString();
        fc.put("links", List.of(
                Map.of("href", uri.getRequestUri().toString(), "rel", "self", "type", "application/geo+json"),
                Map.of("href", base + "jobs/" + ja.id, "rel", "related", "type", "application/json", "title", "Job a"),
                Map.of("href", base + "jobs/" + jb.id, "rel", "related", "type", "application/json", "title",
                        "Job b")));
        try {
            return Response.ok(json.writeValueAsString(fc), "application/geo+json").build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> feature(String code, ProcessRepository.FigurePair p, List<FigureDescriptor> figures) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "Feature");
        f.put("id", code);
        Object geometry = null;
        if (p.geometry() != null) {
            try {
                geometry = json.readValue(p.geometry(), Object.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        f.put("geometry", geometry);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("code", code);
        props.put("name", p.name());
        for (FigureDescriptor fig : figures) {
            props.put(fig.id() + "_a", 0);
            props.put(fig.id() + "_b", 0);
            props.put(fig.id() + "_difference", 0);
        }
        f.put("properties", props);
        return f;
    }

    /** Whole numbers as integers (figures are mostly counts), others as they are. */
    private static Object number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
    }

    private Job visible(String id, Optional<ApiKey> key) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw TweelingException.notFound("There is no job " + id + " (job ids are UUIDs; GET /jobs lists them).");
        }
        return jobs.find(uuid).filter(j -> JobResource.visible(j, key)).orElseThrow(() -> TweelingException.notFound(
                "There is no job " + id + " (GET /jobs lists the jobs of your API key)."));
    }
}
