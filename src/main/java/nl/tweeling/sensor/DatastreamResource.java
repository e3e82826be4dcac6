package nl.tweeling.sensor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import nl.tweeling.feature.api.Responses;
import nl.tweeling.platform.TweelingConfig;

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

    @Inject
    TweelingConfig config;

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
        String body = resolve(id).json();
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
        Format format = Format.choose(f, accept, Format.JSON, Format.HTML, Format.CSV);
        Found found = resolve(id);
        long datastreamId = found.id();
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
        if (format == Format.CSV) {
            StringBuilder csv = new StringBuilder("phenomenonTime,result,resultQuality\r\n");
            for (Map<String, Object> o : observations) {
                Object result = o.get("result");
                csv.append(o.get("phenomenonTime")).append(',')
                        .append(csvField(result instanceof JsonNode node && !node.isNumber() ? node.toString() : String.valueOf(result)))
                        .append(',').append(csvField((String) o.get("resultQuality"))).append("\r\n");
            }
            return csv(csv.toString(), links);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("datastream", describe(found));
        body.put("observations", observations);
        body.put("numberReturned", observations.size());
        body.put("links", links);
        return answer(format, write(body), "Observations of " + id, "observations", "Datastreams", id, "Observations");
    }

    @GET
    @Path("/{id}/aggregate")
    @Operation(summary = "Statistics of a datastream's numeric observations per time bucket aligned to Europe/Amsterdam")
    public Response aggregate(@PathParam("id") String id,
            @QueryParam("datetime") String datetime,
            @QueryParam("interval") String interval,
            @QueryParam("stats") String stats,
            @QueryParam("f") String f, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        onlyParameters(AGGREGATE_PARAMETERS);
        Format format = Format.choose(f, accept, Format.JSON, Format.CSV, Format.HTML);
        if (datetime == null || datetime.isBlank()) {
            throw TweelingException.badParameter("datetime", "datetime is required: start/end, RFC 3339 date-times"
                    + " (or start/duration), e.g. 2026-11-28T00:00:00+01:00/2026-11-29T00:00:00+01:00.");
        }
        TimeInterval range = TimeInterval.parse("datetime", localDates(datetime));
        if (range.start() == null || range.end() == null) {
            throw TweelingException.badParameter("datetime", "datetime needs both a start and an end (start/end).");
        }
        if (!range.start().isBefore(range.end())) {
            throw TweelingException.badParameter("datetime", "datetime must start before it ends.");
        }
        Buckets.Interval step = Buckets.interval("interval", interval);
        List<String> statNames = parseStats(stats);
        List<Buckets.Bucket> buckets = Buckets.of(range.start(), range.end(), step,
                config.sensors().maxBuckets(), "interval");
        SensorRepository.Summary stream = sensors.summary(id).orElseThrow(() -> notFound(id));
        long datastreamId = stream.id();

        // count, sum, min, max and avg come from the rollups when the buckets are whole hours or days, or a grid of
        // whole five-minute periods; percentiles and other buckets of minutes from the raw observations
        boolean rollupStats = ROLLUP_STATS.containsAll(statNames);
        boolean rollups = rollupStats && step.alignedToHours();
        boolean fiveMinutes = rollupStats && !rollups && step.fixedGrid() && step.minutes() % 5 == 0;
        if (stream.rawKeptSince() != null) {
            RawEdges.check(range.start(), range.end(), rollups ? 3600 : fiveMinutes ? 300 : 0, stream.rawKeptSince(),
                    "observations of datastream " + id);
        }
        boolean percentiles = statNames.contains("p50") || statNames.contains("p95");
        List<SensorRepository.BucketStats> rows;
        if (rollups || !step.fixedGrid()) {
            List<Instant> boundaries = new ArrayList<>(buckets.size() + 1);
            buckets.forEach(b -> boundaries.add(b.start()));
            boundaries.add(range.end());
            rows = rollups ? sensors.aggregateFromRollups(datastreamId, boundaries, step.alignedToDays())
                    : sensors.aggregate(datastreamId, boundaries, percentiles);
        } else if (fiveMinutes) {
            rows = sensors.aggregateOnGridFromRollups(datastreamId, range.start(), range.end(), step.minutes() * 60);
        } else {
            rows = sensors.aggregateOnGrid(datastreamId, range.start(), range.end(), step.minutes() * 60, percentiles);
        }
        SensorRepository.BucketStats[] found = new SensorRepository.BucketStats[buckets.size()];
        for (SensorRepository.BucketStats row : rows) {
            found[row.bucket() - 1] = row;
        }
        String self = uri.getRequestUri().toString();
        String datastreamLink = uri.getBaseUriBuilder().path("datastreams").path(String.valueOf(datastreamId)).build()
                .toString();
        // each boundary written once: bucket i runs from times[i] to times[i + 1]
        String[] times = new String[buckets.size() + 1];
        for (int i = 0; i < buckets.size(); i++) {
            times[i] = Buckets.local(buckets.get(i).start());
        }
        times[buckets.size()] = Buckets.local(range.end());
        if (format == Format.CSV) {
            StringBuilder csv = new StringBuilder(64 + buckets.size() * 64).append("start,end");
            statNames.forEach(s -> csv.append(',').append(s));
            csv.append("\r\n");
            for (int i = 0; i < buckets.size(); i++) {
                csv.append(times[i]).append(',').append(times[i + 1]);
                for (String stat : statNames) {
                    Object v = statValue(stat, found[i]);
                    csv.append(',').append(v == null ? "" : v.toString());
                }
                csv.append("\r\n");
            }
            return csv(csv.toString(), List.of(link(self, "self"), link(datastreamLink, "datastream")));
        }
        // written as a stream: an answer may hold 10,000 buckets, and maps per bucket cost more than the query
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256 + buckets.size() * (80 + 16 * statNames.size()));
        try (com.fasterxml.jackson.core.JsonGenerator g = json.getFactory().createGenerator(out,
                com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
            g.enable(com.fasterxml.jackson.core.JsonGenerator.Feature.USE_FAST_DOUBLE_WRITER);
            g.writeStartObject();
            g.writeFieldName("datastream");
            g.writeRawValue(stream.json());
            g.writeStringField("datetime", range.start() + "/" + range.end());
            g.writeStringField("interval", step.text());
            g.writeStringField("timeZone", Buckets.ZONE.getId());
            g.writeArrayFieldStart("stats");
            for (String stat : statNames) {
                g.writeString(stat);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("buckets");
            for (int i = 0; i < buckets.size(); i++) {
                g.writeStartObject();
                g.writeStringField("start", times[i]);
                g.writeStringField("end", times[i + 1]);
                for (String stat : statNames) {
                    Object v = statValue(stat, found[i]);
                    g.writeFieldName(stat);
                    if (v == null) {
                        g.writeNull();
                    } else if (v instanceof Long n) {
                        g.writeNumber(n);
                    } else {
                        g.writeNumber((Double) v);
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("numberReturned", buckets.size());
            g.writeFieldName("links");
            json.writeValue(g, List.of(link(self, "self"), link(datastreamLink, "datastream")));
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write the aggregate of " + id, e);
        }
        if (format == Format.JSON) {
            return Response.ok(out.toByteArray(), format.contentType()).header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
                    .build();
        }
        return answer(format, out.toString(java.nio.charset.StandardCharsets.UTF_8), "Aggregate of " + id, "buckets",
                "Datastreams", id, "Aggregate");
    }

    private static final java.util.regex.Pattern DATE = java.util.regex.Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    /**
     * {@code raw} with each end that is a plain date (2026-10-25) replaced by that day's local midnight in
     * Europe/Amsterdam, so {@code 2026-10-25/2026-10-26} is that local day, all 25 hours of it.
     */
    static String localDates(String raw) {
        String[] parts = raw.strip().split("/", -1);
        if (parts.length != 2) {
            return raw;
        }
        for (int i = 0; i < 2; i++) {
            if (DATE.matcher(parts[i]).matches()) {
                try {
                    parts[i] = java.time.LocalDate.parse(parts[i]).atStartOfDay(Buckets.ZONE).toInstant().toString();
                } catch (java.time.DateTimeException e) {
                    throw TweelingException.badParameter("datetime", "datetime: " + parts[i] + " is not a date.");
                }
            }
        }
        return parts[0] + "/" + parts[1];
    }

    /** The statistics an aggregate may ask for, in the order they are shown by default. */
    static final List<String> STATS = List.of("avg", "min", "max", "count", "sum", "p50", "p95");
    static final List<String> DEFAULT_STATS = List.of("avg", "min", "max", "count");
    /** The statistics the rollups hold (percentiles need every value). */
    static final Set<String> ROLLUP_STATS = Set.of("avg", "min", "max", "count", "sum");
    static final Set<String> AGGREGATE_PARAMETERS = Set.of("datetime", "interval", "stats", "f");

    private static List<String> parseStats(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_STATS;
        }
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            String s = part.strip();
            if (!STATS.contains(s)) {
                String shown = s.length() > 20 ? s.substring(0, 20) + "…" : s;
                throw TweelingException.badParameter("stats", "stats: unknown statistic '" + shown
                        + "'; give a comma-separated list of " + String.join(", ", STATS) + ".");
            }
            if (out.contains(s)) {
                throw TweelingException.badParameter("stats", "stats names " + s + " twice.");
            }
            out.add(s);
        }
        return out;
    }

    private static Object statValue(String stat, SensorRepository.BucketStats row) {
        if (row == null) {
            return stat.equals("count") ? (Object) 0L : null;
        }
        return switch (stat) {
            case "count" -> row.count();
            case "avg" -> row.avg();
            case "min" -> row.min();
            case "max" -> row.max();
            case "sum" -> row.sum();
            case "p50" -> row.p50();
            default -> row.p95();
        };
    }

    private static Response csv(String body, List<Map<String, Object>> links) {
        List<String> link = new ArrayList<>();
        for (Map<String, Object> l : links) {
            link.add("<" + l.get("href") + ">; rel=\"" + l.get("rel") + "\"");
        }
        return Response.ok(body, Format.CSV.contentType()).header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
                .header("Link", String.join(", ", link)).build();
    }

    /** {@code v} as one RFC 4180 field: quoted when it holds a comma, quote or line break; empty for null. */
    static String csvField(String v) {
        if (v == null || v.equals("null")) {
            return "";
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    /** The datastream as observations name it: id, key, name and unit, so a series reads on its own. */
    private Map<String, Object> describe(Found found) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", found.id());
        JsonNode ds = readJson(found.json());
        d.put("key", ds.path("key").asText(null));
        d.put("name", ds.path("name").asText(null));
        d.put("unitOfMeasurement", ds.path("unitOfMeasurement"));
        return d;
    }

    private Response answer(Format format, Object body, String title, String rows, String... crumbs) {
        return Responses.resource(format, uri, json, body, title, rows, crumbs);
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

    /** A datastream found by numeric id or key: its id and its JSON (one query for an id, two for a key). */
    private record Found(long id, String json) {
    }

    private Found resolve(String id) {
        if (!id.isEmpty() && id.length() < 19 && id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long n = Long.parseLong(id);
            Optional<String> json = sensors.datastream(n);
            if (json.isPresent()) {
                return new Found(n, json.get());
            }
        }
        long n = sensors.idForKey(id).orElseThrow(() -> notFound(id));
        return new Found(n, sensors.datastream(n).orElseThrow(() -> notFound(id)));
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
