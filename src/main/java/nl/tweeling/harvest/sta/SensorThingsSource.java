package nl.tweeling.harvest.sta;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.tweeling.harvest.HarvestContext;
import nl.tweeling.harvest.HarvestException;
import nl.tweeling.harvest.HarvestSource;
import nl.tweeling.harvest.HttpFetcher;
import nl.tweeling.harvest.Reading;
import nl.tweeling.harvest.ReadingSink;
import nl.tweeling.harvest.SourceStream;
import nl.tweeling.harvest.SourceThing;

/**
 * Incremental harvest of an OGC SensorThings API v1.1 service (the RIVM Samen Meten style). The harvester URL
 * is the service root ({@code .../v1.1}).
 * <ol>
 * <li>{@code GET Things?$expand=Locations,Datastreams($expand=ObservedProperty)}, following {@code @iot.nextLink};
 * each Thing becomes thing {@code <harvester>-thing-<@iot.id>} (at its first Location when that is a Point in the
 * Netherlands), each Datastream datastream {@code <harvester>-ds-<@iot.id>};</li>
 * <li>per Datastream, {@code GET Datastreams(<id>)/Observations?$orderby=phenomenonTime asc} with
 * {@code $filter=phenomenonTime gt <newest stored>} once something is stored, following {@code @iot.nextLink}:
 * a second run asks only for what is newer and, when nothing is, writes nothing.</li>
 * </ol>
 * The Tweeling observed property comes from option {@code observedProperties} (STA ObservedProperty name →
 * Tweeling id) or the default {@code observedProperty}; a Datastream with neither is skipped with a
 * rejection. An interval phenomenonTime is stored at its start. The source offset is the Observation's numeric
 * {@code @iot.id} (its position in the run when the id is not a number). Values stay in the Datastream's unit:
 * map only properties whose unit matches Tweeling's.
 */
public final class SensorThingsSource implements HarvestSource {

    private static final String JSON = "application/json";
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> properties;
    private final String defaultProperty;
    private final int maxPages;

    public SensorThingsSource(Map<String, String> properties, String defaultProperty, int maxPages) {
        this.properties = Map.copyOf(properties);
        this.defaultProperty = defaultProperty;
        this.maxPages = maxPages;
    }

    @Override
    public void harvest(HarvestContext context, ReadingSink sink) {
        String root = context.harvester().url().replaceAll("/+$", "");
        String prefix = context.harvester().id();
        long[] position = {0};
        pages(context, root + "/Things?$expand=" + enc("Locations,Datastreams($expand=ObservedProperty)"), thing -> {
            SourceThing t = thing(prefix, thing);
            for (JsonNode ds : thing.path("Datastreams")) {
                String dsId = ds.path("@iot.id").asText();
                String opName = ds.path("ObservedProperty").path("name").asText("");
                String property = properties.getOrDefault(opName, defaultProperty);
                if (property == null) {
                    sink.rejected(0, "Datastream " + dsId + " observes '" + opName
                            + "', which option observedProperties does not map; skipped");
                    continue;
                }
                SourceStream stream = new SourceStream(prefix + "-ds-" + dsId, t, property,
                        ds.path("name").asText("Datastream " + dsId), ds.path("description").asText(""));
                Optional<Instant> latest = context.latest(stream.key());
                String url = root + "/Datastreams(" + idLiteral(ds.path("@iot.id")) + ")/Observations?$orderby="
                        + enc("phenomenonTime asc")
                        + latest.map(l -> "&$filter=" + enc("phenomenonTime gt " + l)).orElse("");
                pages(context, url, o -> observation(stream, o, ++position[0], sink));
            }
        });
    }

    private void observation(SourceStream stream, JsonNode o, long position, ReadingSink sink) {
        JsonNode idNode = o.path("@iot.id");
        long offset = idNode.canConvertToLong() ? idNode.asLong() : position;
        JsonNode result = o.get("result");
        if (result == null || result.isNull()) {
            sink.missing(offset);
            return;
        }
        if (!result.isNumber()) {
            sink.rejected(offset, "Observation " + idNode.asText(String.valueOf(position)) + ": result " + result + " is not a number");
            return;
        }
        String time = o.path("phenomenonTime").asText("");
        int slash = time.indexOf('/');
        Instant at;
        try {
            at = Instant.parse(slash > 0 ? time.substring(0, slash) : time);
        } catch (DateTimeParseException e) {
            sink.rejected(offset, "Observation " + idNode.asText(String.valueOf(position)) + ": phenomenonTime '" + time + "' is not ISO 8601");
            return;
        }
        sink.reading(new Reading(stream, at, result.asDouble(), offset));
    }

    private static SourceThing thing(String prefix, JsonNode thing) {
        String id = thing.path("@iot.id").asText();
        Double lon = null;
        Double lat = null;
        JsonNode loc = thing.path("Locations").path(0).path("location");
        JsonNode geom = loc.has("geometry") ? loc.path("geometry") : loc;
        if ("Point".equals(geom.path("type").asText()) && geom.path("coordinates").size() >= 2) {
            double x = geom.path("coordinates").path(0).asDouble();
            double y = geom.path("coordinates").path(1).asDouble();
            if (x >= 3.2 && x <= 7.3 && y >= 50.7 && y <= 53.7) {
                lon = x;
                lat = y;
            }
        }
        return new SourceThing(prefix + "-thing-" + id, thing.path("name").asText("Thing " + id),
                thing.path("description").asText(""), lon, lat);
    }

    /** GETs a collection and its next pages, handing each entity of {@code value} to {@code each}. */
    private void pages(HarvestContext context, String first, Consumer<JsonNode> each) {
        String url = first;
        int pages = 0;
        while (url != null) {
            if (++pages > maxPages) {
                throw new HarvestException(nl.tweeling.platform.outbound.Urls.redact(first) + ": more than " + maxPages + " pages; raise option maxPages if that is expected");
            }
            JsonNode page = parse(context.fetch(url, JSON));
            if (page == null || !page.path("value").isArray()) {
                throw new HarvestException(nl.tweeling.platform.outbound.Urls.redact(url) + " is malformed: no 'value' array (not a SensorThings collection)");
            }
            page.path("value").forEach(each);
            JsonNode next = page.get("@iot.nextLink");
            url = next == null || next.isNull() ? null : next.asText();
            if (pages % 10 == 0) {
                context.progress(30, "read " + pages + " pages");
            }
        }
    }

    private JsonNode parse(HttpFetcher.Fetched f) {
        try (InputStream in = f.open()) {
            return json.readTree(in);
        } catch (JsonProcessingException e) {
            throw new HarvestException(f.url() + " is malformed: not JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new HarvestException(f.url() + " cannot be read: " + e.getMessage());
        }
    }

    /** An entity id as an OData literal: numbers as they are, strings quoted. */
    private static String idLiteral(JsonNode id) {
        return id.isNumber() ? id.asText() : "'" + enc(id.asText().replace("'", "''")) + "'";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
