package nl.tweeling.feature;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.common.geo.Crs;
import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.platform.TweelingConfig;

/** OGC API - Features: the collections of the layer registry and their items, as GeoJSON in CRS84. */
@Path("/collections")
@Tag(name = "Features")
public class CollectionsResource {

    public static final String GEOJSON = "application/geo+json";

    @Inject
    LayerRegistry registry;

    @Inject
    FeatureRepository features;

    @Inject
    TweelingConfig config;

    @Inject
    ObjectMapper json;

    @Context
    UriInfo uri;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The collections: one per spatial layer, with extents and feature counts")
    public Map<String, Object> collections() {
        List<Object> list = new ArrayList<>();
        for (Layer layer : registry.all()) {
            list.add(describe(layer));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("links", List.of(link(base() + "collections", "self", MediaType.APPLICATION_JSON, "The collections")));
        body.put("collections", list);
        return body;
    }

    @GET
    @Path("/{collectionId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One collection")
    public Map<String, Object> collection(@PathParam("collectionId") String collectionId) {
        return describe(layer(collectionId));
    }

    @GET
    @Path("/{collectionId}/items")
    @Produces(GEOJSON)
    @Operation(summary = "Features of a collection, paged by cursor (follow the next link)")
    public String items(@PathParam("collectionId") String collectionId,
            @QueryParam("limit") String limit,
            @QueryParam("bbox") String bbox,
            @QueryParam("cursor") String cursor) {
        Layer layer = layer(collectionId);
        ItemsQuery query = ItemsQuery.parse(limit, bbox, cursor,
                config.features().defaultLimit(), config.features().maxLimit());
        FeaturePage page = features.page(layer, query);

        String itemsUrl = base() + "collections/" + layer.id() + "/items";
        List<Map<String, Object>> links = new ArrayList<>();
        links.add(link(uri.getRequestUri().toString(), "self", GEOJSON, "This page"));
        if (page.more()) {
            String next = itemsUrl + "?limit=" + query.limit()
                    + (bbox == null || bbox.isBlank() ? "" : "&bbox=" + encode(bbox))
                    + "&cursor=" + ItemsQuery.cursorAfter(page.lastKey());
            links.add(link(next, "next", GEOJSON, "Next page"));
        }
        links.add(link(base() + "collections/" + layer.id(), "collection", MediaType.APPLICATION_JSON, layer.title()));

        StringBuilder out = new StringBuilder(256 + page.features().size() * 256);
        out.append("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < page.features().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(page.features().get(i));
        }
        out.append("],\"numberReturned\":").append(page.features().size());
        if (query.bbox() == null) {
            out.append(",\"numberMatched\":").append(layer.featureCount());
        }
        out.append(",\"timeStamp\":\"").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('"');
        out.append(",\"links\":").append(write(links)).append('}');
        return out.toString();
    }

    @GET
    @Path("/{collectionId}/items/{featureId}")
    @Produces(GEOJSON)
    @Operation(summary = "One feature")
    public String item(@PathParam("collectionId") String collectionId, @PathParam("featureId") String featureId) {
        Layer layer = layer(collectionId);
        return features.one(layer, featureId)
                .orElseThrow(() -> TweelingException.notFound("Collection " + layer.id() + " has no feature " + featureId + "."));
    }

    private Layer layer(String id) {
        return registry.find(id).orElseThrow(() -> TweelingException.notFound("There is no collection " + id + "."));
    }

    private Map<String, Object> describe(Layer layer) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", layer.id());
        c.put("title", layer.title());
        c.put("description", layer.description());
        c.put("itemType", "feature");
        c.put("featureCount", layer.featureCount());
        Map<String, Object> extent = new LinkedHashMap<>();
        if (layer.extent() != null) {
            extent.put("spatial", Map.of("bbox", List.of(layer.extent()), "crs", Crs.CRS84_URI));
        }
        if (layer.temporalStart() != null) {
            List<Object> interval = new ArrayList<>();
            interval.add(layer.temporalStart().toInstant().toString());
            interval.add(layer.temporalEnd() == null ? null : layer.temporalEnd().toInstant().toString());
            extent.put("temporal", Map.of("interval", List.of(interval)));
        }
        if (!extent.isEmpty()) {
            c.put("extent", extent);
        }
        c.put("license", layer.licence());
        c.put("links", List.of(
                link(base() + "collections/" + layer.id(), "self", MediaType.APPLICATION_JSON, layer.title()),
                link(base() + "collections/" + layer.id() + "/items", "items", GEOJSON, layer.title() + " as GeoJSON")));
        return c;
    }

    private String base() {
        return uri.getBaseUri().toString();
    }

    static Map<String, Object> link(String href, String rel, String type, String title) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("href", href);
        l.put("rel", rel);
        l.put("type", type);
        l.put("title", title);
        return l;
    }

    private static String encode(String v) {
        return java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
