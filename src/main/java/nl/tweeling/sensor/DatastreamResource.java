package nl.tweeling.sensor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.common.param.ParameterValues;
import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.common.time.TimeInterval;
import nl.tweeling.feature.api.Format;
import nl.tweeling.feature.html.HtmlPages;

/** Sensor datastreams and their observation time series. */
@Path("/datastreams")
@Tag(name = "Sensors")
public class DatastreamResource {

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10000;

    /** The query parameters of {@code /datastreams/{id}/observations}; the other two paths take only f. */
    static final Set<String> OBSERVATION_PARAMETERS = Set.of("datetime", "limit", "after", "f");

    @Inject
    SensorRepository sensors;

    @Inject
    ObjectMapper json;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "All datastreams with thing, observed property, unit, location and latest value")
    public Response datastreams(@QueryParam("f") String f, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        onlyParameters(Set.of("f"));
        Format format = Format.choose(f, accept, Format.JSON, Format.HTML);
        List<String> rows = sensors.datastreams();
        String body = "{\"datastreams\":[" + String.join(",", rows) + "],\"numberReturned\":" + rows.size()
                + ",\"links\":" + write(List.of(link(uri.getRequestUri().toString(), "self"))) + "}";
        return answer(format, body, "Datastreams", "datastreams", "Datastreams");
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One datastream, by numeric id or key")
    public Response datastream(@PathParam("id") String id, @QueryParam("f") String f,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        onlyParameters(Set.of("f"));
        Format format = Format.choose(f, accept, Format.JSON, Format.HTML);
        String body = sensors.datastream(resolve(id)).orElseThrow(() -> notFound(id));
        return answer(format, body, "Datastream " + id, null, "Datastreams", id);
    }

    @GET
    @Path("/{id}/observations")
    @Operation(summary = "Observations of a datastream in time order; datetime takes an instant or start/end with open ends (..)")
    public Response observations(@PathParam("id") String id,
            @QueryParam("datetime") String datetime,
            @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @QueryParam("f") String f, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        onlyParameters(OBSERVATION_PARAMETERS);
        Format format = Format.choose(f, accept, Format.JSON, Format.HTML);
        long datastreamId = resolve(id);
        TimeInterval interval = TimeInterval.parse("datetime", datetime);
        int n = parseLimit(limit);
        Instant afterTime = after == null || after.isBlank() ? null : TimeInterval.parse("after", after).start();
        List<SensorRepository.ObservationRow> rows =
                sensors.observations(datastreamId, interval.start(), afterTime, interval.end(), n);
        boolean more = rows.size() > n;
        List<Map<String, Object>> observations = new ArrayList<>(Math.min(rows.size(), n));
        for (SensorRepository.ObservationRow row : rows.subList(0, Math.min(rows.size(), n))) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("phenomenonTime", row.phenomenonTime().toString());
            o.put("result", row.result() != null ? row.result() : readJson(row.resultJson()));
            if (row.quality() != null) {
                o.put("resultQuality", row.quality());
            }
            observations.add(o);
        }
        List<Map<String, Object>> links = new ArrayList<>();
        links.add(link(uri.getRequestUri().toString(), "self"));
        if (more) {
            String lastTime = observations.get(observations.size() - 1).get("phenomenonTime").toString();
            links.add(link(uri.getRequestUriBuilder().replaceQueryParam("after", lastTime)
                    .replaceQueryParam("limit", n).build().toString(), "next"));
        }
        links.add(link(uri.getBaseUriBuilder().path("datastreams").path(String.valueOf(datastreamId)).build().toString(),
                "datastream"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("datastream", describe(datastreamId));
        body.put("observations", observations);
        body.put("numberReturned", observations.size());
        body.put("links", links);
        return answer(format, write(body), "Observations of " + id, "observations", "Datastreams", id, "Observations");
    }

    /** The datastream as observations name it: id, key, name and unit, so a series reads on its own. */
    private Map<String, Object> describe(long datastreamId) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", datastreamId);
        sensors.datastream(datastreamId).ifPresent(text -> {
            JsonNode ds = readJson(text);
            d.put("key", ds.path("key").asText(null));
            d.put("name", ds.path("name").asText(null));
            d.put("unitOfMeasurement", ds.path("unitOfMeasurement"));
        });
        return d;
    }

    private Response answer(Format format, String json, String title, String rows, String... crumbs) {
        if (format == Format.HTML) {
            String html = HtmlPages.resource(title, uri.getRequestUri().toString(),
                    uri.getBaseUri().toString(), readJson(json), rows, crumbs);
            return Response.ok(html, Format.HTML.contentType()).header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
        }
        return Response.ok(json, MediaType.APPLICATION_JSON).header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
    }

    /**
     * Rejects a query parameter this path does not take (a misspelt or unsupported one would otherwise be
     * ignored and the answer look right), as the items of a collection do: a 400 naming it, before any SQL.
     */
    private void onlyParameters(Set<String> allowed) {
        for (Map.Entry<String, List<String>> e : uri.getQueryParameters().entrySet()) {
            String name = e.getKey();
            if (!allowed.contains(name)) {
                String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
                throw TweelingException.badParameter(name, "Unknown parameter " + shown + "; "
                        + (allowed.isEmpty() ? uri.getPath() + " takes no query parameters"
                                : "this path takes " + String.join(", ", allowed.stream().sorted().toList()))
                        + " (see the API document, /api).");
            }
            if (e.getValue().size() > 1) {
                throw TweelingException.badParameter(name, name + " may be given once.");
            }
        }
    }

    private long resolve(String id) {
        if (!id.isEmpty() && id.length() < 19 && id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long n = Long.parseLong(id);
            if (sensors.datastream(n).isPresent()) {
                return n;
            }
        }
        return sensors.idForKey(id).orElseThrow(() -> notFound(id));
    }

    private static TweelingException notFound(String id) {
        return TweelingException.notFound("There is no datastream " + id + ".");
    }

    private static int parseLimit(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        return ParameterValues.wholeNumber("limit", raw, 1, MAX_LIMIT);
    }

    private static Map<String, Object> link(String href, String rel) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("href", href);
        l.put("rel", rel);
        l.put("type", MediaType.APPLICATION_JSON);
        return l;
    }

    private JsonNode readJson(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
