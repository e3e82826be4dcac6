package nl.tweeling.feature;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.common.geo.Crs;
import nl.tweeling.common.geo.CrsChoice;
import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.api.Format;
import nl.tweeling.feature.edit.BaselineTarget;
import nl.tweeling.feature.edit.EditHttp;
import nl.tweeling.feature.edit.EditService;
import nl.tweeling.feature.edit.Version;
import nl.tweeling.feature.html.HtmlPages;
import nl.tweeling.platform.TweelingConfig;
import nl.tweeling.platform.security.CurrentCaller;
import nl.tweeling.platform.security.RequiresRole;
import nl.tweeling.platform.security.Role;

/**
 * OGC API – Features: the collections of the layer registry, their items and queryables, as JSON/GeoJSON
 * or HTML ({@code f} or Accept). Thin: parameters are validated by {@link ItemsQuery}, SQL lives in
 * {@link FeatureRepository}.
 */
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
    FeatureFilters filters;

    @Inject
    TweelingConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    CurrentCaller caller;

    @Inject
    LayerManagement management;

    /** The baseline, or the overlay (a scenario) whose resource handed this request over. */
    @Inject
    FeatureView view;

    @Inject
    EditService edits;

    @Inject
    BaselineTarget baseline;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "The collections: one per spatial layer, with extents and feature counts")
    public Response collections(@QueryParam("f") String f, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Format format = Format.choose(f, accept, Format.JSON, Format.HTML);
        List<Layer> layers = registry.visible(caller.get());
        if (format == Format.HTML) {
            return ok(HtmlPages.collections(layers, base()), format);
        }
        List<Object> list = new ArrayList<>();
        for (Layer layer : layers) {
            list.add(describe(layer));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("links", List.of(
                link(collections(), "self", MediaType.APPLICATION_JSON, "The collections"),
                link(collections() + "?f=html", "alternate", MediaType.TEXT_HTML, "The collections as HTML")));
        body.put("collections", list);
        return ok(write(body), format);
    }

    @GET
    @Path("/{collectionId}")
    @Operation(summary = "One collection")
    public Response collection(@PathParam("collectionId") String collectionId, @QueryParam("f") String f,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Layer layer = layer(collectionId);
        Format format = Format.choose(f, accept, Format.JSON, Format.HTML);
        return ok(format == Format.HTML ? HtmlPages.collection(layer, base()) : write(describe(layer)), format);
    }

    @GET
    @Path("/{collectionId}/items")
    @Operation(summary = "Features of a collection, paged by cursor (follow the next and prev links)")
    public Response items(@PathParam("collectionId") String collectionId, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Layer layer = layer(collectionId);
        Format format = Format.choose(uri.getQueryParameters().getFirst("f"), accept, Format.GEOJSON, Format.HTML);
        ItemsQuery query = ItemsQuery.parse(view.parameters(uri.getQueryParameters()), layer,
                config.features().defaultLimit(), config.features().maxLimit(), filters::parse);
        Relation relation = view.relation(layer);
        if (relation.overlay() && query.datetime() != null) {
            throw TweelingException.badParameter("datetime", "This view holds the features as they are in it, without"
                    + " their history: leave out datetime (a scenario is read at a past state with revision=N).");
        }
        FeaturePage page = features.page(relation, layer, query);
        // unfiltered: the registry's count of the baseline, or what the overlay knows (else it is counted)
        OptionalLong known = query.filtered() ? OptionalLong.empty() : view.featureCount(layer);
        Long matched = known.isPresent() ? (Long) known.getAsLong()
                : boxed(features.count(relation, layer, query, config.features().countBudget()));

        List<Map<String, Object>> links = new ArrayList<>();
        links.add(link(requestWith("f", "json"), "self", GEOJSON, "This page"));
        links.add(link(requestWith("f", "html"), "alternate", MediaType.TEXT_HTML, "This page as HTML"));
        if (page.more()) {
            links.add(link(requestWith("cursor", page.next()), "next", GEOJSON, "Next page"));
        }
        if (page.prev() != null) {
            links.add(link(requestWith("cursor", page.prev()), "prev", GEOJSON, "Previous page"));
        }
        links.add(link(collections() + "/" + layer.id(), "collection", MediaType.APPLICATION_JSON, layer.title()));

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
        String body = format == Format.HTML ? HtmlPages.items(layer, out.toString(), base()) : out.toString();
        return Response.ok(body, format.contentType())
                .header("Content-Crs", "<" + query.crs().uri() + ">")
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
                .build();
    }

    @GET
    @Path("/{collectionId}/items/{featureId}")
    @Operation(summary = "One feature")
    public Response item(@PathParam("collectionId") String collectionId, @PathParam("featureId") String featureId,
            @QueryParam("f") String f, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Layer layer = layer(collectionId);
        Format format = Format.choose(f, accept, Format.GEOJSON, Format.HTML);
        ItemsQuery.ItemQuery query = ItemsQuery.parseItem(view.parameters(uri.getQueryParameters()), layer);
        CrsChoice crs = query.crs();
        FeatureRepository.Item item = features.item(view.relation(layer), layer, featureId, query)
                .orElseThrow(() -> TweelingException.notFound("Collection " + layer.id() + " has no feature " + featureId + "."));
        String feature = item.feature();
        String body = format == Format.HTML ? HtmlPages.feature(layer, feature, base()) : withLinks(feature, layer);
        // a strong ETag per representation of the current version (edit.EditHttp): what If-Match of an edit names
        boolean seesAll = registry.find(layer.id()).map(l -> l.columns().size() == layer.columns().size()).orElse(true);
        String variant = EditHttp.variant(format == Format.GEOJSON && crs == CrsChoice.CRS84 && query.properties() == null
                && !query.skipGeometry() && seesAll, format.name(), crs.uri(), String.valueOf(query.properties()),
                String.valueOf(query.skipGeometry()), layer.columns().toString());
        Version version = new Version(featureId, Version.token(item.fid(), item.validFrom()), item.validFrom());
        return Response.ok(body, format.contentType())
                .header("Content-Crs", "<" + crs.uri() + ">")
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
                .header(HttpHeaders.ETAG, EditHttp.etag(version, variant))
                .build();
    }

    // ------------------------------------------------------------------ editing (OGC API – Features Part 4)

    @POST
    @Path("/{collectionId}/items")
    @Consumes({GEOJSON, MediaType.APPLICATION_JSON})
    @RequiresRole(Role.EDITOR)
    @Operation(summary = "Add a feature (a GeoJSON Feature; Content-Crs for a CRS other than CRS84); role editor")
    public Response createFeature(@PathParam("collectionId") String collectionId,
            @HeaderParam("Content-Crs") String contentCrs, String body) {
        Layer layer = editable(collectionId);
        EditService.Result r = edits.create(baseline, layer, caller.get(), body, EditHttp.contentCrs(contentCrs));
        return Response.created(java.net.URI.create(itemUrl(layer, r.featureId())))
                .header(HttpHeaders.ETAG, writtenTag(layer, r)).build();
    }

    @PUT
    @Path("/{collectionId}/items/{featureId}")
    @Consumes({GEOJSON, MediaType.APPLICATION_JSON})
    @RequiresRole(Role.EDITOR)
    @Operation(summary = "Replace a feature (a GeoJSON Feature; If-Match with its ETag); role editor")
    public Response replaceFeature(@PathParam("collectionId") String collectionId,
            @PathParam("featureId") String featureId, @HeaderParam("Content-Crs") String contentCrs,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) {
        Layer layer = editable(collectionId);
        EditHttp.IfMatch condition = EditHttp.ifMatch(ifMatch);
        EditService.Result r = edits.replace(baseline, layer, caller.get(), featureId, body,
                EditHttp.contentCrs(contentCrs), condition);
        return Response.noContent().header(HttpHeaders.ETAG, writtenTag(layer, r)).build();
    }

    @PATCH
    @Path("/{collectionId}/items/{featureId}")
    @Consumes({"application/merge-patch+json", GEOJSON, MediaType.APPLICATION_JSON})
    @RequiresRole(Role.EDITOR)
    @Operation(summary = "Update a feature with a JSON merge patch (If-Match with its ETag); role editor")
    public Response updateFeature(@PathParam("collectionId") String collectionId,
            @PathParam("featureId") String featureId, @HeaderParam("Content-Crs") String contentCrs,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) {
        Layer layer = editable(collectionId);
        EditHttp.IfMatch condition = EditHttp.ifMatch(ifMatch);
        EditService.Result r = edits.update(baseline, layer, caller.get(), featureId, body,
                EditHttp.contentCrs(contentCrs), condition);
        return Response.noContent().header(HttpHeaders.ETAG, writtenTag(layer, r)).build();
    }

    @DELETE
    @Path("/{collectionId}/items/{featureId}")
    @RequiresRole(Role.EDITOR)
    @Operation(summary = "Delete a feature: its current version ends, its history stays (If-Match with its ETag); role editor")
    public Response deleteFeature(@PathParam("collectionId") String collectionId,
            @PathParam("featureId") String featureId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        Layer layer = editable(collectionId);
        edits.delete(baseline, layer, caller.get(), featureId, EditHttp.ifMatch(ifMatch));
        return Response.noContent().build();
    }

    /** The registered layer (all its columns) when the caller may see it; else 404, as for reads. */
    private Layer editable(String id) {
        return registry.find(id).filter(l -> l.visibleTo(caller.get()))
                .orElseThrow(() -> TweelingException.notFound("There is no collection " + id + "."));
    }

    private String itemUrl(Layer layer, String featureId) {
        return base() + "collections/" + nl.tweeling.feature.html.Urls.segment(layer.id()) + "/items/"
                + nl.tweeling.feature.html.Urls.segment(featureId);
    }

    /** The ETag of what a write made: of the representation a GET without parameters gives the same caller. */
    private String writtenTag(Layer layer, EditService.Result r) {
        Layer seen = layer.seenBy(caller.get());
        boolean seesAll = seen.columns().size() == layer.columns().size();
        return EditHttp.etag(r.version(), EditHttp.variant(seesAll, Format.GEOJSON.name(), CrsChoice.CRS84.uri(),
                "null", "false", seen.columns().toString()));
    }

    /**
     * The feature (a JSON object built by PostGIS) with its links (/req/core/f-links): itself, itself as
     * HTML, and its collection.
     */
    private String withLinks(String feature, Layer layer) {
        List<Map<String, Object>> links = List.of(
                link(requestWith("f", "json"), "self", GEOJSON, "This feature"),
                link(requestWith("f", "html"), "alternate", MediaType.TEXT_HTML, "This feature as HTML"),
                link(collections() + "/" + layer.id(), "collection", MediaType.APPLICATION_JSON, layer.title()));
        int end = feature.lastIndexOf('}');
        return feature.substring(0, end) + ", \"links\": " + write(links) + "}";
    }

    @GET
    @Path("/{collectionId}/queryables")
    @Operation(summary = "The properties of a collection that filters, sortby and property parameters may use (JSON Schema)")
    public Response queryables(@PathParam("collectionId") String collectionId, @QueryParam("f") String f,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Layer layer = layer(collectionId);
        Format format = Format.choose(f, accept, Format.JSON_SCHEMA, Format.HTML);
        List<Queryable> queryables = Queryable.of(layer);
        if (format == Format.HTML) {
            return ok(HtmlPages.queryables(layer, queryables), format);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        Map<String, String> originals = new LinkedHashMap<>();
        for (Layer.Column c : layer.columns()) {
            originals.put(c.property(), c.original());
        }
        for (Queryable q : queryables) {
            Map<String, Object> p = new LinkedHashMap<>();
            String original = originals.getOrDefault(q.name(), q.name());
            p.put("title", original);
            if (!original.equals(q.name())) {
                p.put("description", "Field '" + original + "' of the imported source.");
            }
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
        schema.put("$id", collections() + "/" + layer.id() + "/queryables");
        schema.put("type", "object");
        schema.put("title", layer.title());
        schema.put("properties", properties);
        schema.put("additionalProperties", false);
        return ok(write(schema), format);
    }

    private static Response ok(String body, Format format) {
        return Response.ok(body, format.contentType()).header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
    }

    private static Long boxed(OptionalLong n) {
        return n.isPresent() ? n.getAsLong() : null;
    }

    /** The layer as the caller sees it; a layer the caller may not see answers exactly as one that does not exist. */
    private Layer layer(String id) {
        return registry.findVisible(id, caller.get())
                .orElseThrow(() -> TweelingException.notFound("There is no collection " + id + "."));
    }

    @PATCH
    @Path("/{collectionId}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Change a collection's title, description, keywords, licence, attribution, access level or"
            + " restricted properties (JSON merge patch; admin)")
    public Response patch(@PathParam("collectionId") String collectionId, String body) {
        Layer layer = registry.find(collectionId)
                .orElseThrow(() -> TweelingException.notFound("There is no collection " + collectionId + "."));
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw TweelingException.badBody("The body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ").", List.of());
        }
        management.update(layer, LayerPatch.parse(node, layer));
        Layer changed = registry.find(collectionId).orElseThrow();
        return ok(write(describe(changed)), Format.JSON);
    }

    @DELETE
    @Path("/{collectionId}")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Remove an imported collection with its table and history (admin); base layers and layers"
            + " an import or harvester writes into are refused with 409")
    public Response delete(@PathParam("collectionId") String collectionId) {
        Layer layer = registry.find(collectionId)
                .orElseThrow(() -> TweelingException.notFound("There is no collection " + collectionId + "."));
        management.delete(layer);
        return Response.noContent().build();
    }

    private Map<String, Object> describe(Layer layer) {
        String self = collections() + "/" + layer.id();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", layer.id());
        c.put("title", layer.title());
        c.put("description", layer.description());
        c.put("itemType", "feature");
        // the baseline's count from the registry; an overlay's when it knows it without counting (else left out)
        OptionalLong count = view.featureCount(layer);
        if (count.isPresent()) {
            c.put("featureCount", count.getAsLong());
        }
        Map<String, Object> extent = new LinkedHashMap<>();
        if (layer.extent() != null) {
            extent.put("spatial", Map.of("bbox", List.of(layer.extent()), "crs", Crs.CRS84_URI));
        }
        if (layer.temporalStart() != null) {
            List<Object> interval = new ArrayList<>();
            interval.add(layer.temporalStart().toInstant().toString());
            interval.add(layer.temporalEnd() == null ? null : layer.temporalEnd().toInstant().toString());
            extent.put("temporal", Map.of("interval", List.of(interval),
                    "trs", "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"));
        }
        if (!extent.isEmpty()) {
            c.put("extent", extent);
        }
        c.put("crs", CrsChoice.URIS);
        c.put("storageCrs", CrsChoice.EPSG_28992.uri());
        if (!layer.keywords().isEmpty()) {
            c.put("keywords", layer.keywords());
        }
        c.put("license", layer.licence());
        if (!layer.attribution().isBlank()) {
            c.put("attribution", layer.attribution());
        }
        if (caller.get().admin()) {
            c.put("access", layer.access());
            c.put("restrictedProperties", layer.restricted());
        }
        List<Map<String, Object>> links = new ArrayList<>(List.of(
                link(self, "self", MediaType.APPLICATION_JSON, layer.title()),
                link(self + "?f=html", "alternate", MediaType.TEXT_HTML, layer.title() + " as HTML"),
                link(self + "/items", "items", GEOJSON, layer.title() + " as GeoJSON"),
                link(self + "/items?f=html", "items", MediaType.TEXT_HTML, layer.title() + " as HTML"),
                link(self + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                        SCHEMA_JSON, "Queryables of " + layer.title()),
                link(self + "/tiles", "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector",
                        MediaType.APPLICATION_JSON, "Vector tiles of " + layer.title())));
        String licence = Licences.url(layer);
        if (licence != null) {
            links.add(link(licence, "license", MediaType.TEXT_HTML, "Licence: " + layer.licence()));
        }
        c.put("links", links);
        return c;
    }

    /**
     * This request's URL with one query parameter set to {@code value} (added at the end if absent). Values
     * are percent-encoded only where a query value must be ({@link #encode}), so {@code :}, {@code ,} and
     * {@code /} of datetime and bbox values stay as they are: clients that split a link's query and encode
     * its values again (the OGC test suite does) then still send what was meant.
     */
    private String requestWith(String name, String value) {
        StringBuilder q = new StringBuilder();
        boolean replaced = false;
        for (Map.Entry<String, List<String>> e : uri.getQueryParameters().entrySet()) {
            List<String> values = e.getKey().equals(name) ? List.of(value) : e.getValue();
            replaced |= e.getKey().equals(name);
            for (String v : values) {
                q.append(q.length() == 0 ? '?' : '&').append(encode(e.getKey())).append('=').append(encode(v));
            }
        }
        if (!replaced) {
            q.append(q.length() == 0 ? '?' : '&').append(encode(name)).append('=').append(encode(value));
        }
        return uri.getAbsolutePath().toString() + q;
    }

    /** Percent-encodes all but RFC 3986's unreserved characters and the query-safe ones that carry no form meaning. */
    static String encode(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:@/,!$()*;".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private String base() {
        return uri.getBaseUri().toString();
    }

    /** The absolute URL of the collections of this request's view (the baseline's or a scenario's). */
    private String collections() {
        return base() + view.collectionsPath();
    }

    /** A link object of the OGC API documents (href, rel, type, title). */
    public static Map<String, Object> link(String href, String rel, String type, String title) {
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
