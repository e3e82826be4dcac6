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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.common.geo.CrsChoice;
import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.common.time.TimeInterval;
import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.feature.api.Format;
import nl.tweeling.platform.TweelingConfig;
import nl.tweeling.platform.security.CurrentCaller;

/**
 * Aggregates over space: statistics of one observed property per area of a polygon layer ({@code by}), and per
 * time bucket when an interval is given, as a GeoJSON FeatureCollection of the areas (or CSV). A sensor counts
 * in the area its thing was located in at the observation's time. docs/sensors.md, "Time series and
 * aggregates".
 */
@Path("/aggregate")
@Tag(name = "Sensors")
public class AreaAggregateResource {

    static final Set<String> PARAMETERS = Set.of("observedProperty", "by", "datetime", "interval", "stat", "crs", "f");
    /** What an area aggregate can give: the statistics the rollups hold. */
    static final List<String> STATS = List.of("avg", "min", "max", "count", "sum");
    /** Most areas × buckets one request may ask for. */
    static final int MAX_CELLS = 200_000;

    @Inject
    SensorRepository sensors;

    @Inject
    LayerRegistry layers;

    @Inject
    CurrentCaller caller;

    @Inject
    TweelingConfig config;

    @Inject
    ObjectMapper json;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "Statistics of an observed property per area of a polygon layer (by=), per time bucket when"
            + " interval is given; a sensor counts where its thing was at the observation's time")
    public Response aggregate(@QueryParam("observedProperty") String observedProperty,
            @QueryParam("by") String by,
            @QueryParam("datetime") String datetime,
            @QueryParam("interval") String interval,
            @QueryParam("stat") String stat,
            @QueryParam("crs") String crsParameter,
            @QueryParam("f") String f, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        onlyParameters();
        Format format = Format.choose(f, accept, Format.GEOJSON, Format.CSV);
        if (observedProperty == null || observedProperty.isBlank()) {
            throw TweelingException.badParameter("observedProperty", "observedProperty is required, e.g. NO2"
                    + " (the ids are in /datastreams).");
        }
        if (by == null || by.isBlank()) {
            throw TweelingException.badParameter("by", "by is required: a polygon layer such as buurten or wijken.");
        }
        Layer layer = layers.findVisible(by, caller.get()).orElseThrow(() -> TweelingException.badParameter("by",
                "by: there is no layer " + shown(by) + " (see /collections)."));
        if (!layer.geometryType().endsWith("Polygon")) {
            throw TweelingException.badParameter("by", "by: layer " + layer.id() + " holds " + layer.geometryType()
                    + " geometries; areas need a Polygon or MultiPolygon layer.");
        }
        SensorRepository.Property property = sensors.observedProperty(observedProperty.strip())
                .orElseThrow(() -> TweelingException.badParameter("observedProperty", "observedProperty: there is no"
                        + " observed property " + shown(observedProperty) + "."));
        TimeInterval range = range(datetime);
        List<String> stats = parseStats(stat);
        CrsChoice crs = CrsChoice.parse("crs", crsParameter);
        Buckets.Interval step = interval == null || interval.isBlank() ? null : Buckets.interval("interval", interval);
        List<Buckets.Bucket> buckets = step == null ? List.of(new Buckets.Bucket(range.start(), range.end()))
                : Buckets.of(range.start(), range.end(), step, config.sensors().maxBuckets(), "interval");
        if ((long) buckets.size() * Math.max(1, layer.featureCount()) > MAX_CELLS) {
            throw TweelingException.badParameter("interval", "interval " + step.text() + " makes " + buckets.size()
                    + " buckets for each of " + layer.featureCount() + " areas, more than " + MAX_CELLS
                    + " in all; choose a longer interval or a shorter datetime.");
        }
        // whole hours from the hourly rollups, whole local days from the daily ones, the rest from raw rows
        boolean hours = step == null || step.alignedToHours();
        boolean days = step == null || step.alignedToDays();
        if (property.rawKeptSince() != null) {
            RawEdges.check(range.start(), range.end(), hours ? 3600 : 0, property.rawKeptSince(),
                    "observations of " + property.id());
        }
        List<Instant> boundaries = new ArrayList<>(buckets.size() + 1);
        buckets.forEach(b -> boundaries.add(b.start()));
        boundaries.add(range.end());
        List<SensorRepository.AreaRow> rows = sensors.areaAggregate(layer, crs, property.id(), boundaries, hours, days);

        if (format == Format.CSV) {
            return csv(rows, buckets, stats, step != null);
        }
        ObjectNode body = json.createObjectNode();
        body.put("type", "FeatureCollection");
        body.put("observedProperty", property.id());
        body.put("by", layer.id());
        body.put("datetime", range.start() + "/" + range.end());
        body.put("interval", step == null ? null : step.text());
        body.put("timeZone", Buckets.ZONE.getId());
        body.set("stats", json.valueToTree(stats));
        ArrayNode features = body.putArray("features");
        for (SensorRepository.AreaRow row : rows) {
            ObjectNode feature = features.addObject();
            feature.put("type", "Feature");
            feature.put("id", row.featureId());
            feature.set("geometry", read(row.geometry()));
            ObjectNode properties = row.properties() == null ? json.createObjectNode() : (ObjectNode) read(row.properties());
            properties.put("sensors", row.sensors());
            properties.put("observations", row.count());
            putStats(properties, stats, row.count(), row.sum(), row.min(), row.max());
            if (step != null) {
                Map<Integer, JsonNode> cells = cells(row.cells());
                ArrayNode out = properties.putArray("buckets");
                for (int i = 0; i < buckets.size(); i++) {
                    ObjectNode b = out.addObject();
                    b.put("start", Buckets.local(buckets.get(i).start()));
                    b.put("end", Buckets.local(buckets.get(i).end()));
                    JsonNode cell = cells.get(i + 1);
                    b.put("sensors", cell == null ? 0 : cell.get(1).asLong());
                    long n = cell == null ? 0 : cell.get(2).asLong();
                    b.put("observations", n);
                    putStats(b, stats, n, cell == null ? null : cell.get(3).asDouble(),
                            cell == null ? null : cell.get(4).asDouble(), cell == null ? null : cell.get(5).asDouble());
                }
            }
            feature.set("properties", properties);
        }
        body.put("numberReturned", rows.size());
        ArrayNode links = body.putArray("links");
        ObjectNode self = links.addObject();
        self.put("href", uri.getRequestUri().toString());
        self.put("rel", "self");
        self.put("type", Format.GEOJSON.contentType());
        ObjectNode areas = links.addObject();
        areas.put("href", uri.getBaseUriBuilder().path("collections").path(layer.id()).path("items").build().toString());
        areas.put("rel", "related");
        areas.put("type", Format.GEOJSON.contentType());
        return Response.ok(write(body), Format.GEOJSON.contentType())
                .header("Content-Crs", "<" + crs.uri() + ">")
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
    }

    private static void putStats(ObjectNode node, List<String> stats, long n, Double sum, Double min, Double max) {
        for (String s : stats) {
            switch (s) {
                case "count" -> node.put("count", n);
                case "avg" -> node.put("avg", n == 0 || sum == null ? null : sum / n);
                case "min" -> node.put("min", n == 0 ? null : min);
                case "max" -> node.put("max", n == 0 ? null : max);
                default -> node.put("sum", n == 0 ? null : sum);
            }
        }
    }

    private Response csv(List<SensorRepository.AreaRow> rows, List<Buckets.Bucket> buckets, List<String> stats,
            boolean perBucket) {
        StringBuilder csv = new StringBuilder("id,start,end,sensors,observations");
        stats.forEach(s -> csv.append(',').append(s));
        csv.append("\r\n");
        for (SensorRepository.AreaRow row : rows) {
            Map<Integer, JsonNode> cells = cells(row.cells());
            int n = perBucket ? buckets.size() : 1;
            for (int i = 0; i < n; i++) {
                Buckets.Bucket b = perBucket ? buckets.get(i) : new Buckets.Bucket(buckets.get(0).start(),
                        buckets.get(buckets.size() - 1).end());
                long sensorsIn;
                long count;
                Double sum;
                Double min;
                Double max;
                if (perBucket) {
                    JsonNode cell = cells.get(i + 1);
                    sensorsIn = cell == null ? 0 : cell.get(1).asLong();
                    count = cell == null ? 0 : cell.get(2).asLong();
                    sum = cell == null ? null : cell.get(3).asDouble();
                    min = cell == null ? null : cell.get(4).asDouble();
                    max = cell == null ? null : cell.get(5).asDouble();
                } else {
                    sensorsIn = row.sensors();
                    count = row.count();
                    sum = row.sum();
                    min = row.min();
                    max = row.max();
                }
                ObjectNode values = json.createObjectNode();
                putStats(values, stats, count, sum, min, max);
                csv.append(DatastreamResource.csvField(row.featureId())).append(',').append(Buckets.local(b.start()))
                        .append(',').append(Buckets.local(b.end())).append(',').append(sensorsIn).append(',').append(count);
                for (String s : stats) {
                    JsonNode v = values.get(s);
                    csv.append(',').append(v == null || v.isNull() ? "" : v.asText());
                }
                csv.append("\r\n");
            }
        }
        return Response.ok(csv.toString(), Format.CSV.contentType()).header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
                .build();
    }

    private Map<Integer, JsonNode> cells(String text) {
        Map<Integer, JsonNode> out = new LinkedHashMap<>();
        if (text != null) {
            for (JsonNode cell : read(text)) {
                out.put(cell.get(0).asInt(), cell);
            }
        }
        return out;
    }

    /** datetime as start/end (plain dates are local midnights), both given, start before end. */
    static TimeInterval range(String datetime) {
        if (datetime == null || datetime.isBlank()) {
            throw TweelingException.badParameter("datetime", "datetime is required: start/end, RFC 3339 date-times"
                    + " or dates, e.g. 2026-11-01/2026-12-01.");
        }
        TimeInterval range = TimeInterval.parse("datetime", DatastreamResource.localDates(datetime));
        if (range.start() == null || range.end() == null) {
            throw TweelingException.badParameter("datetime", "datetime needs both a start and an end (start/end).");
        }
        if (!range.start().isBefore(range.end())) {
            throw TweelingException.badParameter("datetime", "datetime must start before it ends.");
        }
        return range;
    }

    private static List<String> parseStats(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of("avg");
        }
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            String s = part.strip();
            if (!STATS.contains(s)) {
                throw TweelingException.badParameter("stat", "stat: unknown statistic '" + shown(s) + "'; give one or"
                        + " more of " + String.join(", ", STATS) + " (percentiles are offered per datastream only).");
            }
            if (out.contains(s)) {
                throw TweelingException.badParameter("stat", "stat names " + s + " twice.");
            }
            out.add(s);
        }
        return out;
    }

    private void onlyParameters() {
        for (Map.Entry<String, List<String>> e : uri.getQueryParameters().entrySet()) {
            if (!PARAMETERS.contains(e.getKey())) {
                throw TweelingException.badParameter(e.getKey(), "Unknown parameter " + shown(e.getKey())
                        + "; /aggregate takes " + String.join(", ", PARAMETERS.stream().sorted().toList()) + ".");
            }
            if (e.getValue().size() > 1) {
                throw TweelingException.badParameter(e.getKey(), e.getKey() + " may be given once.");
            }
        }
    }

    private static String shown(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
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
