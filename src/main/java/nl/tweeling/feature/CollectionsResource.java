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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.common.geo.Crs;
import nl.tweeling.common.geo.CrsChoice;
import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.platform.TweelingConfig;

/** OGC API - Features: the collections of the layer registry and their items, as GeoJSON in CRS84. */
@Path("/collections")
@Tag(name = "Features")
public class CollectionsResource {

    public static final String GEOJSON = "application/geo+json";
    public static final String SCHEMA_JSON = "application/schema+json";

    @Inject
    LayerRegistry registry;

    @Inject
    FeatureRepository features;

    @Inject
    TweelingConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    FeatureFilters filters;

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
    public Response items(@PathParam("collectionId") String collectionId) {
        Layer layer = layer(collectionId);
        ItemsQuery query = ItemsQuery.parse(uri.getQueryParameters(), layer,
                config.features().defaultLimit(), config.features().maxLimit(), filters::parse);
        FeaturePage page = features.page(layer, query);
        Long matched = query.filtered() ? boxed(features.count(layer, query)) : (Long) layer.featureCount();

        List<Map<String, Object>> links = new ArrayList<>();
        links.add(link(uri.getRequestUri().toString(), "self", GEOJSON, "This page"));
        if (page.more()) {
            links.add(link(uri.getRequestUriBuilder().replaceQueryParam("cursor", page.next()).build().toString(),
                    "next", GEOJSON, "Next page"));
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
        if (matched != null) {
            out.append(",\"numberMatched\":").append(matched);
        }
        out.append(",\"timeStamp\":\"").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('"');
        out.append(",\"links\":").append(write(links)).append('}');
        return Response.ok(out.toString(), GEOJSON).header("Content-Crs", "<" + query.crs().uri() + ">").build();
    }

    @GET
    @Path("/{collectionId}/items/{featureId}")
    @Produces(GEOJSON)
    @Operation(summary = "One feature")
    public Response item(@PathParam("collectionId") String collectionId, @PathParam("featureId") String featureId,
            @QueryParam("crs") String crsParam) {
        Layer layer = layer(collectionId);
        CrsChoice crs = CrsChoice.parse("crs", crsParam);
        String feature = features.one(layer, featureId, crs)
                .orElseThrow(() -> TweelingException.notFound("Collection " + layer.id() + " has no feature " + featureId + "."));
        return Response.ok(feature, GEOJSON).header("Content-Crs", "<" + crs.uri() + ">").build();
    }

    @GET
    @Path("/{collectionId}/queryables")
    @Produces(SCHEMA_JSON)
    @Operation(summary = "The properties of a collection that filters, sortby and property parameters may use (JSON Schema)")
    public Response queryables(@PathParam("collectionId") String collectionId) {
        Layer layer = layer(collectionId);
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Queryable q : Queryable.of(layer)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("title", q.name());
            if (q.type() != null) {
                p.put("type", q.type());
            }
            if (q.format() != null) {
                p.put("format", q.format());
            }
            if (Queryable.GEOMETRY.equals(q.name())) {
                p.put("x-ogc-role", "primary-geometry");
            }
            if ("array".equals(q.type())) {
                p.put("items", Map.of("type", "string"));
            }
            properties.put(q.name(), p);
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", base() + "collections/" + layer.id() + "/queryables");
        schema.put("type", "object");
        schema.put("title", layer.title());
        schema.put("properties", properties);
        schema.put("additionalProperties", false);
        return Response.ok(write(schema), SCHEMA_JSON).build();
    }

    private static Long boxed(java.util.OptionalLong n) {
        return n.isPresent() ? n.getAsLong() : null;
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
        c.put("crs", CrsChoice.URIS);
        c.put("storageCrs", CrsChoice.EPSG_28992.uri());
        c.put("license", layer.licence());
        c.put("links", List.of(
                link(base() + "collections/" + layer.id(), "self", MediaType.APPLICATION_JSON, layer.title()),
                link(base() + "collections/" + layer.id() + "/items", "items", GEOJSON, layer.title() + " as GeoJSON"),
                link(base() + "collections/" + layer.id() + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                        SCHEMA_JSON, "Queryables of " + layer.title())));
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

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
