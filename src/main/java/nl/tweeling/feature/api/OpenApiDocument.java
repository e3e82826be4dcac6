package nl.tweeling.feature.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.tweeling.feature.Layer;
import nl.tweeling.feature.Queryable;
import nl.tweeling.feature.html.HtmlPages;

/**
 * Builds the OpenAPI 3.0.3 document of {@code GET /api} from the layer registry, as plain maps and lists that
 * Jackson writes. Every collection gets its own concrete paths ({@code /collections/buildings/items}, …), as
 * pg_featureserv and pygeoapi do: clients such as GDAL look up the items path of each collection to learn
 * its parameters, the queryables among them, and the largest {@code limit}.
 *
 * <p>Pure Java, no Quarkus types; one call builds one fresh document (the registry may change between
 * requests). Thread-safe.
 */
public final class OpenApiDocument {

    /** Version of the OpenAPI specification the document follows. */
    public static final String OPENAPI_VERSION = "3.0.3";

    /**
     * Query parameters of the items path: a queryable with one of these names gets no parameter of its own
     * (it stays usable in {@code filter}).
     */
    public static final Set<String> ITEMS_PARAMETERS = Set.of("limit", "bbox", "bbox-crs", "datetime", "crs",
            "filter", "filter-lang", "filter-crs", "sortby", "properties", "skipGeometry", "cursor", "f");

    private static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    private static final String GEOJSON = "application/geo+json";
    private static final String JSON = "application/json";
    private static final String HTML = "text/html";
    private static final String SCHEMA_JSON = "application/schema+json";
    private static final String PROBLEM = "application/problem+json";
    private static final String NDJSON = "application/x-ndjson";

    /** Observations per page of {@code /datastreams/{id}/observations}: default and largest (as DatastreamResource). */
    private static final int OBSERVATIONS_DEFAULT_LIMIT = 1000;
    private static final int OBSERVATIONS_MAX_LIMIT = 10000;

    /**
     * What the document says about the service.
     *
     * @param serverUrl    the API's base URL without trailing slash, e.g. {@code http://localhost:8080}
     * @param defaultLimit items per page when a request names no limit
     * @param maxLimit     the largest limit a request may ask for
     * @param crs          URIs of the CRSs the items can be served in (for {@code crs}, {@code bbox-crs}); the
     *                     first is the default
     */
    public record Settings(String title, String description, String version, String serverUrl, int defaultLimit,
            int maxLimit, List<String> crs) {
    }

    private OpenApiDocument() {
    }

    /** The document for these layers; {@code Queryable.of(layer)} gives each items path its queryables. */
    public static Map<String, Object> build(Settings settings, List<Layer> layers) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", OPENAPI_VERSION);
        doc.put("info", obj(
                "title", settings.title(),
                "description", settings.description(),
                "version", settings.version()));
        doc.put("servers", List.of(obj("url", settings.serverUrl(), "description", "This server")));
        // reads are public; the operations that need an API key say so themselves
        doc.put("security", List.of());
        doc.put("tags", List.of(
                obj("name", "Capabilities", "description", "What the API offers: landing page, conformance, definition"),
                obj("name", "Data", "description", "The spatial layers as OGC API – Features collections"),
                obj("name", "Sensors", "description", "Sensor datastreams and their observations"),
                obj("name", "Ingest", "description", "Sending observations (needs an API key with role ingest)"),
                obj("name", "Import", "description", "Importing files into layers (needs role ingest or admin)"),
                obj("name", "Harvest", "description", "Feeds fetched on a schedule into layers and datastreams"),
                obj("name", "Jobs", "description", "Process runs, imports and harvests as OGC API – Processes jobs"),
                obj("name", "Processes", "description", "Simulation models run as jobs (OGC API – Processes)"),
                obj("name", "Layers", "description", "Managing layers: metadata, access, removal (admin)"),
                obj("name", "Tiles", "description", "Mapbox vector tiles of the layers (OGC API – Tiles)"),
                obj("name", "Styles", "description", "Map styles of the layers (OGC API – Styles): MapLibre styles"
                        + " over the vector tiles, with metadata and a legend"),
                obj("name", "Maps", "description", "The map viewer and the glyphs of map labels (docs/map.md)"),
                obj("name", "Scenarios", "description", "Copy-on-write overlays on the layers, read and edited as the"
                        + " collections are (docs/scenarios.md; needs role planner)")));

        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("/", obj("get", operation("Capabilities", "getLandingPage",
                "Landing page: links to the API definition, the conformance declaration and the collections",
                List.of(ref("f")), jsonOrHtml(JSON, schemaRef("landingPage"), "The landing page"))));
        paths.put("/conformance", obj("get", operation("Capabilities", "getConformanceDeclaration",
                "The conformance classes this API implements",
                List.of(ref("f")), jsonOrHtml(JSON, schemaRef("confClasses"), "The conformance declaration"))));
        paths.put("/api", obj("get", operation("Capabilities", "getApiDefinition",
                "This API definition (OpenAPI 3.0), or an HTML page linking to Swagger UI",
                List.of(ref("f")), jsonOrHtml(Format.OPENAPI_MEDIA_TYPE, obj("type", "object"),
                        "The API definition"))));
        paths.put("/collections", obj("get", operation("Data", "getCollections",
                "The collections: one per spatial layer, with extents and feature counts",
                List.of(ref("f")), jsonOrHtml(JSON, schemaRef("collections"), "The collections"))));
        Set<String> operationIds = new HashSet<>();
        for (Layer layer : layers) {
            String opId = operationIdPart(layer.id());
            while (!operationIds.add(opId)) {
                opId = opId + "_";
            }
            collectionPaths(paths, layer, opId, settings);
            collectionTilePaths(paths, layer, opId);
        }
        scenarioPaths(paths);
        tilePaths(paths);
        stylePaths(paths);
        sensorPaths(paths);
        mapPaths(paths);
        ingestPath(paths);
        importPaths(paths);
        harvestPaths(paths);
        jobPaths(paths);
        processPaths(paths);
        doc.put("paths", paths);
        doc.put("components", components(settings));
        return doc;
    }

    /**
     * The operations of a document built here, in path order: method, path and summary of each (for the HTML
     * page of {@code /api}).
     */
    @SuppressWarnings("unchecked")
    public static List<HtmlPages.Operation> operations(Map<String, Object> doc) {
        List<HtmlPages.Operation> out = new ArrayList<>();
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        for (Map.Entry<String, Object> p : paths.entrySet()) {
            for (Map.Entry<String, Object> op : ((Map<String, Object>) p.getValue()).entrySet()) {
                if (op.getValue() instanceof Map<?, ?> m && m.get("summary") != null) {
                    out.add(new HtmlPages.Operation(op.getKey(), p.getKey(), m.get("summary").toString()));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ paths

    /**
     * The items paths of a layer that can be edited (OGC API – Features Part 4): POST on items, PUT, PATCH and
     * DELETE on a feature, each with role editor and the statuses it answers.
     */
    private static void editPaths(Map<String, Object> paths, String base, String title, String opId,
            Map<String, Object> itemsOp, Map<String, Object> itemOp) {
        List<Object> security = List.of(obj("apiKey", List.of()), obj("bearer", List.of()));
        Map<String, Object> contentCrs = obj("name", "Content-Crs", "in", "header", "required", false,
                "description", "CRS of the body's geometry, as <URI>; default CRS84 (EPSG:4326 is latitude first)",
                "schema", obj("type", "string"));
        Map<String, Object> ifMatch = obj("name", "If-Match", "in", "header", "required", true,
                "description", "The ETag of the feature's current version (GET), or * for whatever version is current",
                "schema", obj("type", "string"));
        Map<String, Object> feature = obj("required", true, "content", obj(
                GEOJSON, obj("schema", schemaRef("featureGeoJSON")),
                JSON, obj("schema", schemaRef("featureGeoJSON"))));
        Map<String, Object> etag = obj("ETag", obj("description", "Strong entity tag of the version written",
                "schema", obj("type", "string")));

        Map<String, Object> create = operation("Data", "createFeature_" + opId, "Add a feature to " + title
                + "; needs role editor", List.of(contentCrs), new LinkedHashMap<>());
        create.put("security", security);
        create.put("requestBody", feature);
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("201", obj("description", "Created; Location names the new feature", "headers", obj(
                "Location", obj("description", "The new feature", "schema", obj("type", "string")),
                "ETag", etag.get("ETag"))));
        create.put("responses", withErrors(created, "400", "401", "403", "404", "409", "415"));
        paths.put(base + "/items", obj("get", itemsOp, "post", create));

        Map<String, Object> replace = operation("Data", "replaceFeature_" + opId, "Replace a feature of " + title
                + " (a new version); needs role editor", List.of(ref("featureId"), ifMatch, contentCrs),
                new LinkedHashMap<>());
        replace.put("security", security);
        replace.put("requestBody", feature);
        replace.put("responses", withErrors(written(etag), "400", "401", "403", "404", "409", "412", "415", "428"));
        Map<String, Object> update = operation("Data", "updateFeature_" + opId, "Change a feature of " + title
                + " with a JSON merge patch (a new version); needs role editor",
                List.of(ref("featureId"), ifMatch, contentCrs), new LinkedHashMap<>());
        update.put("security", security);
        Map<String, Object> patchSchema = obj("type", "object", "description", "A JSON merge patch (RFC 7396) of the"
                + " feature: the members given change, null empties a property");
        update.put("requestBody", obj("required", true, "content", obj(
                "application/merge-patch+json", obj("schema", patchSchema),
                GEOJSON, obj("schema", patchSchema),
                JSON, obj("schema", patchSchema))));
        update.put("responses", withErrors(written(etag), "400", "401", "403", "404", "409", "412", "415", "428"));
        Map<String, Object> delete = operation("Data", "deleteFeature_" + opId, "Delete a feature of " + title
                + " (its current version ends; history stays); needs role editor", List.of(ref("featureId"), ifMatch),
                new LinkedHashMap<>());
        delete.put("security", security);
        Map<String, Object> deleted = new LinkedHashMap<>();
        deleted.put("204", obj("description", "Deleted"));
        delete.put("responses", withErrors(deleted, "401", "403", "404", "409", "412", "428"));
        paths.put(base + "/items/{featureId}", obj("get", itemOp, "put", replace, "patch", update, "delete", delete));
    }

    private static Map<String, Object> written(Map<String, Object> etag) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("204", obj("description", "Written; ETag is the new version's", "headers", etag));
        return r;
    }

    @SuppressWarnings("unchecked")
    private static void collectionPaths(Map<String, Object> paths, Layer layer, String opId, Settings settings) {
        String id = layer.id();
        String title = layer.title() == null || layer.title().isBlank() ? id : layer.title();
        String base = "/collections/" + id;

        Map<String, Object> patch = operation("Layers", "patchCollection_" + opId,
                "Change " + title + "'s title, description, keywords, licence, attribution, access level or restricted"
                        + " properties (JSON merge patch); needs role admin", List.of(), new LinkedHashMap<>());
        patch.put("security", List.of(obj("apiKey", List.of()), obj("bearer", List.of())));
        patch.put("requestBody", obj("required", true, "content", obj(
                JSON, obj("schema", schemaRef("collectionPatch")),
                "application/merge-patch+json", obj("schema", schemaRef("collectionPatch")))));
        patch.put("responses", withErrors(content("The collection as changed", JSON, schemaRef("collection")),
                "400", "401", "403", "404"));
        Map<String, Object> delete = operation("Layers", "deleteCollection_" + opId,
                "Remove " + title + " with its table and history (imported layers only); needs role admin", List.of(),
                new LinkedHashMap<>());
        delete.put("security", List.of(obj("apiKey", List.of()), obj("bearer", List.of())));
        Map<String, Object> removed = new LinkedHashMap<>();
        removed.put("204", obj("description", "Removed"));
        delete.put("responses", withErrors(removed, "401", "403", "404", "409"));
        paths.put(base, obj("get", operation("Data", "describeCollection_" + opId,
                "Collection " + title + ": description, extent and links",
                List.of(ref("f")), withErrors(jsonOrHtml(JSON, schemaRef("collection"), "The collection"),
                        "404", "406")), "patch", patch, "delete", delete));

        List<Object> itemParams = new ArrayList<>();
        itemParams.add(limit(settings));
        for (String p : List.of("bbox", "bbox-crs", "datetime", "crs", "filter", "filter-lang", "filter-crs",
                "sortby", "properties", "skipGeometry", "cursor", "f-items")) {
            itemParams.add(ref(p));
        }
        List<String> queryableNames = new ArrayList<>();
        for (Queryable q : Queryable.of(layer)) {
            if (q.type() == null || Queryable.GEOMETRY.equals(q.name()) || ITEMS_PARAMETERS.contains(q.name())) {
                continue;
            }
            itemParams.add(queryableParameter(q));
            queryableNames.add(q.name());
        }
        Map<String, Object> itemsOp = operation("Data", "getFeatures_" + opId,
                "Features of " + title + ", paged by cursor (follow the next and prev links)", itemParams,
                withErrors(content("The features", GEOJSON, schemaRef("featureCollectionGeoJSON"), HTML),
                        "400", "404", "406"));
        itemsOp.put("description", "Pages of features as GeoJSON (CRS84 unless crs says otherwise). Filter by "
                + "bbox, datetime, a CQL2 filter, or property=value for a queryable"
                + (queryableNames.isEmpty() ? "" : " (" + String.join(", ", queryableNames) + ")") + ".");
        Map<String, Object> itemOp = operation("Data", "getFeature_" + opId,
                "One feature of " + title,
                List.of(ref("featureId"), ref("crs"), ref("properties"), ref("skipGeometry"), ref("f-items")),
                withErrors(content("The feature", GEOJSON, schemaRef("featureGeoJSON"), HTML), "400", "404",
                        "406"));
        ((Map<String, Object>) ((Map<String, Object>) itemOp.get("responses")).get("200")).put("headers",
                obj("ETag", obj("description", "Strong entity tag of the feature's current version (for If-Match)",
                        "schema", obj("type", "string"))));
        if (layer.maintained()) {
            paths.put(base + "/items", obj("get", itemsOp));
            paths.put(base + "/items/{featureId}", obj("get", itemOp));
        } else {
            editPaths(paths, base, title, opId, itemsOp, itemOp);
        }

        paths.put(base + "/queryables", obj("get", operation("Data", "getQueryables_" + opId,
                "Queryables of " + title + ": the properties filters and sorting may use, as JSON Schema",
                List.of(ref("f")), withErrors(content("The queryables", SCHEMA_JSON, schemaRef("queryables"), HTML),
                        "404", "406"))));
    }

    // ------------------------------------------------------------------ scenarios

    /**
     * Scenarios (nl.tweeling.scenario, docs/scenarios.md): the scenario resources, and under
     * /scenarios/{scenarioId} every read of a collection already in {@code paths} (the same operation with the
     * scenario and its revision as parameters) plus the Part 4 edits of its items. Call after the collections' paths.
     */
    @SuppressWarnings("unchecked")
    private static void scenarioPaths(Map<String, Object> paths) {
        Map<String, Object> scenarioId = pathId("scenarioId", "The scenario's id (GET /scenarios lists them)");
        Map<String, Object> revision = obj("name", "revision", "in", "query", "required", false, "description",
                "Read the scenario at this revision (default: its current one)", "schema",
                obj("type", "integer", "minimum", 0));
        List<Object> security = List.of(obj("apiKey", List.of()), obj("bearer", List.of()));
        Map<String, Object> json = obj("type", "object");

        Map<String, Object> create = scenarioOp("createScenario", "Make a scenario: name, description, visibility"
                + " (private or shared), base (live or an instant)", List.of(), security,
                created("The scenario made (Location names it)"), "400", "401", "403");
        create.put("requestBody", obj("required", true, "content", obj(JSON, obj("schema", json))));
        paths.put("/scenarios", obj(
                "get", scenarioOp("getScenarios", "The scenarios the caller sees: its own and the shared ones (admins:"
                        + " all)", List.of(), security, content("The scenarios", JSON, json), "401", "403"),
                "post", create));
        Map<String, Object> patch = scenarioOp("patchScenario", "Change a scenario's name, description or visibility"
                + " (its owner or an admin)", List.of(scenarioId), security, content("The scenario", JSON, json),
                "400", "401", "403", "404", "409");
        patch.put("requestBody", obj("required", true, "content", obj("application/merge-patch+json",
                obj("schema", json), JSON, obj("schema", json))));
        Map<String, Object> removed = new LinkedHashMap<>();
        removed.put("204", obj("description", "Removed"));
        paths.put("/scenarios/{scenarioId}", obj(
                "get", scenarioOp("getScenario", "One scenario: its base, revision and the collections it edited",
                        List.of(scenarioId), security, content("The scenario", JSON, json), "401", "403", "404"),
                "patch", patch,
                "delete", scenarioOp("deleteScenario", "Remove a scenario and its edits (its owner or an admin)",
                        List.of(scenarioId), security, removed, "401", "403", "404")));
        paths.put("/scenarios/{scenarioId}/revisions", obj("get", scenarioOp("getScenarioRevisions",
                "The revisions of a scenario, oldest first", List.of(scenarioId), security,
                content("The revisions", JSON, json), "401", "403", "404")));
        Map<String, Object> revert = scenarioOp("revertScenario", "A new revision with the state of an earlier one:"
                + " {\"revision\": N} (its owner or an admin)", List.of(scenarioId), security,
                content("The scenario", JSON, json), "400", "401", "403", "404", "409");
        revert.put("requestBody", obj("required", true, "content", obj(JSON, obj("schema", json))));
        paths.put("/scenarios/{scenarioId}/revert", obj("post", revert));
        Map<String, Object> adopt = scenarioOp("adoptScenario", "Apply a scenario's edits to the layers as new"
                + " versions (admin); 409 lists the features the layers changed since the scenario's base",
                List.of(scenarioId), security, content("The scenario, adopted", JSON, json), "401", "403", "404", "409");
        ((Map<String, Object>) adopt.get("responses")).put("410", problem("A collection the scenario edited was"
                + " removed"));
        paths.put("/scenarios/{scenarioId}/adopt", obj("post", adopt));
        paths.put("/scenarios/{scenarioId}/collections", obj("get", scenarioRead(
                (Map<String, Object>) ((Map<String, Object>) paths.get("/collections")).get("get"), scenarioId,
                revision, security)));

        Map<String, Object> feature = obj("required", true, "content", obj(GEOJSON, obj("schema",
                schemaRef("featureGeoJSON")), JSON, obj("schema", schemaRef("featureGeoJSON"))));
        Map<String, Object> ifMatch = obj("name", "If-Match", "in", "header", "required", true, "description",
                "The feature's ETag in the scenario (or *)", "schema", obj("type", "string"));
        for (String path : List.copyOf(paths.keySet())) {
            if (!path.startsWith("/collections/")) {
                continue;
            }
            Map<String, Object> ops = new LinkedHashMap<>();
            Object get = ((Map<String, Object>) paths.get(path)).get("get");
            if (get == null) {
                continue;
            }
            ops.put("get", scenarioRead((Map<String, Object>) get, scenarioId, revision, security));
            String opId = String.valueOf(((Map<String, Object>) get).get("operationId"));
            if (path.endsWith("/items")) {
                Map<String, Object> post = scenarioOp("scenario_create_" + opId, "Add a feature in a scenario (its"
                        + " owner or an admin); each edit is a revision", List.of(scenarioId), security,
                        created("The feature added (Location and ETag name it)"), "400", "401", "403", "404", "409");
                post.put("requestBody", feature);
                ops.put("post", post);
            } else if (path.endsWith("/items/{featureId}")) {
                List<Object> params = List.of(scenarioId, ref("featureId"), ifMatch);
                for (String method : List.of("put", "patch", "delete")) {
                    Map<String, Object> done = new LinkedHashMap<>();
                    done.put("204", obj("description", method.equals("delete") ? "Removed in the scenario"
                            : "Changed in the scenario (ETag: the new version's)"));
                    Map<String, Object> op = scenarioOp("scenario_" + method + "_" + opId, switch (method) {
                        case "put" -> "Replace a feature in a scenario (If-Match)";
                        case "patch" -> "Change a feature in a scenario with a JSON merge patch (If-Match)";
                        default -> "Remove a feature in a scenario (If-Match); the layer keeps it";
                    }, params, security, done, "400", "401", "403", "404", "409");
                    Map<String, Object> responses = (Map<String, Object>) op.get("responses");
                    responses.put("412", problem("If-Match names another version: read the feature again"));
                    responses.put("428", problem("If-Match is missing"));
                    if (!method.equals("delete")) {
                        op.put("requestBody", feature);
                    }
                    ops.put(method, op);
                }
            }
            if (!ops.isEmpty()) {
                paths.put("/scenarios/{scenarioId}" + path, ops);
            }
        }
    }

    /** A read of the baseline under /scenarios/{scenarioId}: the same operation with the scenario's parameters. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> scenarioRead(Map<String, Object> get, Map<String, Object> scenarioId,
            Map<String, Object> revision, List<Object> security) {
        Map<String, Object> op = new LinkedHashMap<>(get);
        op.put("tags", List.of("Scenarios"));
        op.put("operationId", "scenario_" + get.get("operationId"));
        op.put("summary", get.get("summary") + " (in a scenario)");
        List<Object> params = new ArrayList<>();
        params.add(scenarioId);
        for (Object p : (List<Object>) get.getOrDefault("parameters", List.of())) {
            if (!p.equals(ref("datetime"))) {
                params.add(p);
            }
        }
        params.add(revision);
        op.put("parameters", params);
        op.put("security", security);
        return op;
    }

    private static Map<String, Object> scenarioOp(String operationId, String summary, List<Object> parameters,
            List<Object> security, Map<String, Object> responses, String... errors) {
        Map<String, Object> op = operation("Scenarios", operationId, summary, parameters, withErrors(responses, errors));
        op.put("security", security);
        return op;
    }

    private static Map<String, Object> created(String description) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("201", obj("description", description));
        return r;
    }

    // ------------------------------------------------------------------ tiles

    private static final String MVT = "application/vnd.mapbox-vector-tile";
    private static final String TILEJSON = "application/vnd.mapbox.tile+json";

    /** The tile matrix sets, the dataset tilesets and their tiles (OGC API – Tiles, nl.tweeling.tiles). */
    private static void tilePaths(Map<String, Object> paths) {
        paths.put("/tileMatrixSets", obj("get", operation("Tiles", "getTileMatrixSetsList",
                "The tile matrix sets tiles are served in: WebMercatorQuad and NetherlandsRDNewQuad",
                List.of(jsonOnly()), withErrors(content("The tile matrix sets", JSON, obj("type", "object")), "400"))));
        paths.put("/tileMatrixSets/{tileMatrixSetId}", obj("get", operation("Tiles", "getTileMatrixSet",
                "One tile matrix set (OGC 17-083r4 JSON): CRS, origin, cell size and size of each tile matrix",
                List.of(tileMatrixSetId(), jsonOnly()),
                withErrors(content("The tile matrix set", JSON, obj("type", "object")), "400", "404"))));
        paths.put("/tiles", obj("get", operation("Tiles", "dataset.getTileSetsList",
                "The vector tilesets of the city model (every base layer): one per tile matrix set",
                List.of(jsonOnly()), withErrors(content("The tilesets", JSON, obj("type", "object")), "400"))));
        paths.put("/tiles/{tileMatrixSetId}", obj("get", operation("Tiles", "dataset.vector.getTileSet",
                "The city model's vector tileset; f=tilejson gives TileJSON 3.0.0",
                List.of(tileMatrixSetId(), tilesetFormat(), tileDatetime()),
                withErrors(content("The tileset metadata, or TileJSON", JSON, obj("type", "object"), TILEJSON), "400",
                        "404"))));
        paths.put("/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", obj("get", tileOperation(
                "dataset.vector.getTile", "A vector tile of the city model: one layer per base layer the caller may"
                        + " see, each named after its collection")));
    }

    /** A collection's tilesets list, tileset and tiles. */
    private static void collectionTilePaths(Map<String, Object> paths, Layer layer, String opId) {
        String title = layer.title() == null || layer.title().isBlank() ? layer.id() : layer.title();
        String base = "/collections/" + layer.id() + "/tiles";
        paths.put(base, obj("get", operation("Tiles", "collection_" + opId + ".getTileSetsList",
                "The vector tilesets of " + title + ": one per tile matrix set", List.of(jsonOnly()),
                withErrors(content("The tilesets", JSON, obj("type", "object")), "400", "404"))));
        paths.put(base + "/{tileMatrixSetId}", obj("get", operation("Tiles", "collection_" + opId
                + ".vector.getTileSet", "The vector tileset of " + title + "; f=tilejson gives TileJSON 3.0.0",
                List.of(tileMatrixSetId(), tilesetFormat(), tileDatetime()),
                withErrors(content("The tileset metadata, or TileJSON", JSON, obj("type", "object"), TILEJSON), "400",
                        "404"))));
        paths.put(base + "/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", obj("get", tileOperation(
                "collection_" + opId + ".vector.getTile", "A vector tile of " + title + ": one layer named "
                        + layer.id())));
    }

    private static Map<String, Object> tileOperation(String operationId, String summary) {
        List<Object> params = List.of(tileMatrixSetId(),
                obj("name", "tileMatrix", "in", "path", "required", true, "description", "The tile matrix (zoom level)",
                        "schema", obj("type", "string"), "example", "14"),
                obj("name", "tileRow", "in", "path", "required", true, "description", "The row, from the top",
                        "schema", obj("type", "integer", "minimum", 0), "example", 5372),
                obj("name", "tileCol", "in", "path", "required", true, "description", "The column, from the left",
                        "schema", obj("type", "integer", "minimum", 0), "example", 8436),
                tileDatetime(),
                obj("name", "f", "in", "query", "required", false, "style", "form", "explode", false,
                        "schema", obj("type", "string", "enum", List.of("mvt"), "default", "mvt")));
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", obj("description", "The tile (ETag; Cache-Control: max-age=60, must-revalidate)",
                "content", obj(MVT, obj("schema", obj("type", "string", "format", "binary")))));
        responses.put("204", obj("description", "No feature is in this tile"));
        responses.put("304", obj("description", "The tile is unchanged since the ETag sent in If-None-Match"));
        return operation("Tiles", operationId, summary, params, withErrors(responses, "400", "404"));
    }

    private static Map<String, Object> tileMatrixSetId() {
        return obj("name", "tileMatrixSetId", "in", "path", "required", true, "description", "The tile matrix set",
                "schema", obj("type", "string", "enum", java.util.Arrays.stream(nl.tweeling.tiles.TileMatrixSet.values())
                        .map(nl.tweeling.tiles.TileMatrixSet::id).toList()));
    }

    private static Map<String, Object> tileDatetime() {
        return obj("name", "datetime", "in", "query", "required", false, "style", "form", "explode", false,
                "description", "Show the features valid at this instant (RFC 3339), e.g. 2024-01-01T00:00:00Z;"
                        + " without it the current ones", "schema", obj("type", "string", "format", "date-time"));
    }

    private static Map<String, Object> tilesetFormat() {
        return obj("name", "f", "in", "query", "required", false, "style", "form", "explode", false,
                "description", "json: the OGC API – Tiles tileset metadata; tilejson: TileJSON 3.0.0 (MapLibre)",
                "schema", obj("type", "string", "enum", List.of("json", "tilejson"), "default", "json"));
    }

    private static Map<String, Object> jsonOnly() {
        return obj("name", "f", "in", "query", "required", false, "style", "form", "explode", false,
                "schema", obj("type", "string", "enum", List.of("json"), "default", "json"));
    }

    /** OGC API – Styles: the list, a style (MapLibre style or a page with its map) and its metadata. */
    private static void stylePaths(Map<String, Object> paths) {
        String mapbox = Format.MAPBOX_STYLE.mediaType();
        Map<String, Object> styleFormat = obj("name", "f", "in", "query", "required", false, "style", "form",
                "explode", false, "description", "The representation: mapbox (the default, a MapLibre / Mapbox GL"
                        + " style, spec version 8) or html (the style on a map, with its legend)",
                "schema", obj("type", "string", "enum", List.of("mapbox", "html")));
        Map<String, Object> styleId = pathId("styleId", "The style: zwolle (every base layer) or a collection id");
        Map<String, Object> link = schemaRef("link");
        paths.put("/styles", obj("get", operation("Styles", "getStyles",
                "The map styles: zwolle (every base layer) and one per collection",
                List.of(ref("f")), jsonOrHtml(JSON, obj("type", "object", "required", List.of("styles"),
                        "properties", obj("default", obj("type", "string"),
                                "styles", obj("type", "array", "items", obj("type", "object",
                                        "required", List.of("id", "links"), "properties", obj(
                                                "id", obj("type", "string"), "title", obj("type", "string"),
                                                "links", obj("type", "array", "items", link)))),
                                "links", obj("type", "array", "items", link))), "The styles"))));
        paths.put("/styles/{styleId}", obj("get", operation("Styles", "getStyle",
                "A style as a MapLibre / Mapbox GL style (spec version 8) over the vector tiles",
                List.of(styleId, styleFormat), withErrors(content("The style", mapbox, obj("type", "object",
                        "required", List.of("version", "sources", "layers"),
                        "properties", obj("version", obj("type", "integer", "enum", List.of(8)),
                                "sources", obj("type", "object"), "glyphs", obj("type", "string"),
                                "layers", obj("type", "array", "items", obj("type", "object")))), HTML),
                        "400", "404", "406"))));
        paths.put("/styles/{styleId}/metadata", obj("get", operation("Styles", "getStyleMetadata",
                "A style's metadata: its stylesheet, the layers it draws and a legend (title, colour, geometry"
                        + " type of each style layer)",
                List.of(styleId, ref("f")), withErrors(jsonOrHtml(JSON, obj("type", "object",
                        "required", List.of("id"), "properties", obj("id", obj("type", "string"),
                                "title", obj("type", "string"), "scope", obj("type", "string"),
                                "stylesheets", obj("type", "array", "items", obj("type", "object")),
                                "layers", obj("type", "array", "items", obj("type", "object")),
                                "legend", obj("type", "array", "items", obj("type", "object", "properties", obj(
                                        "layer", obj("type", "string"), "title", obj("type", "string"),
                                        "colour", obj("type", "string"), "type", obj("type", "string"),
                                        "geometryType", obj("type", "string"), "collection", obj("type", "string")))),
                                "links", obj("type", "array", "items", link))), "The style metadata"),
                        "404"))));
    }

    private static void sensorPaths(Map<String, Object> paths) {
        paths.put("/datastreams", obj("get", operation("Sensors", "getDatastreams",
                "All datastreams with thing, observed property, unit, location and latest value",
                List.of(), withErrors(content("The datastreams", JSON, schemaRef("datastreams")), "406"))));
        Map<String, Object> idParam = obj("name", "id", "in", "path", "required", true,
                "description", "Numeric id or key of the datastream", "schema", obj("type", "string"));
        paths.put("/datastreams/{id}", obj("get", operation("Sensors", "getDatastream",
                "One datastream, by numeric id or key",
                List.of(idParam), withErrors(content("The datastream", JSON, obj("type", "object")), "404",
                        "406"))));
        List<Object> obsParams = List.of(idParam,
                obj("name", "datetime", "in", "query", "required", false,
                        "description", "An instant, or an interval start/end with open ends (..), RFC 3339",
                        "schema", obj("type", "string"), "example", "2026-11-28T00:00:00Z/.."),
                obj("name", "limit", "in", "query", "required", false, "style", "form", "explode", false,
                        "schema", obj("type", "integer", "minimum", 1, "maximum", OBSERVATIONS_MAX_LIMIT,
                                "default", OBSERVATIONS_DEFAULT_LIMIT)),
                obj("name", "after", "in", "query", "required", false,
                        "description", "Only observations after this phenomenon time (the next link sets it)",
                        "schema", obj("type", "string", "format", "date-time")));
        paths.put("/datastreams/{id}/observations", obj("get", operation("Sensors", "getObservations",
                "Observations of a datastream in time order",
                obsParams, withErrors(content("The observations (CSV with f=csv: phenomenonTime,result,resultQuality;"
                        + " the next link as a Link header)", JSON, schemaRef("observations"), "text/csv"), "400", "404",
                        "406"))));
        List<Object> aggParams = List.of(idParam,
                obj("name", "datetime", "in", "query", "required", true,
                        "description", "start/end (or start/duration), RFC 3339 date-times, or plain dates meaning local"
                                + " midnight in Europe/Amsterdam; the end is excluded",
                        "schema", obj("type", "string"), "example", "2026-11-28T00:00:00+01:00/2026-11-29T00:00:00+01:00"),
                obj("name", "interval", "in", "query", "required", true,
                        "description", "ISO 8601 duration from PT1M to P1Y with one unit: PTnM or PTnH dividing a day,"
                                + " or PnD, PnW, PnM, P1Y. Buckets are aligned to Europe/Amsterdam: P1D is a local day"
                                + " (23 or 25 hours on the daylight-saving days), PT1H a plain hour",
                        "schema", obj("type", "string"), "example", "PT1H"),
                obj("name", "stats", "in", "query", "required", false, "style", "form", "explode", false,
                        "description", "Comma-separated statistics; p50 and p95 are exact (percentile_cont)",
                        "schema", obj("type", "array", "items", obj("type", "string", "enum",
                                List.of("avg", "min", "max", "count", "sum", "p50", "p95")),
                                "default", List.of("avg", "min", "max", "count"))),
                obj("name", "f", "in", "query", "required", false,
                        "schema", obj("type", "string", "enum", List.of("json", "csv", "html"))));
        paths.put("/datastreams/{id}/aggregate", obj("get", operation("Sensors", "getAggregate",
                "Statistics of a datastream's numeric observations per time bucket aligned to Europe/Amsterdam",
                aggParams, withErrors(content("Every bucket of [start, end), empty ones with count 0 (CSV with f=csv:"
                        + " start,end and the stats)", JSON, schemaRef("aggregate"), "text/csv"), "400", "404",
                        "406"))));
        List<Object> areaParams = List.of(
                obj("name", "observedProperty", "in", "query", "required", true,
                        "description", "The observed property, e.g. NO2", "schema", obj("type", "string"), "example", "NO2"),
                obj("name", "by", "in", "query", "required", true,
                        "description", "A polygon layer (collection) whose areas the statistics are per; its read access applies",
                        "schema", obj("type", "string"), "example", "buurten"),
                obj("name", "datetime", "in", "query", "required", true,
                        "description", "start/end as RFC 3339 date-times or dates (a date is local midnight in"
                                + " Europe/Amsterdam); the end is excluded",
                        "schema", obj("type", "string"), "example", "2026-11-01/2026-12-01"),
                obj("name", "interval", "in", "query", "required", false,
                        "description", "Time buckets as for /datastreams/{id}/aggregate; without it one value per area",
                        "schema", obj("type", "string"), "example", "P1D"),
                obj("name", "stat", "in", "query", "required", false, "style", "form", "explode", false,
                        "description", "Comma-separated statistics over all observations in the area",
                        "schema", obj("type", "array", "items", obj("type", "string", "enum",
                                List.of("avg", "min", "max", "count", "sum")), "default", List.of("avg"))),
                obj("name", "crs", "in", "query", "required", false,
                        "description", "CRS of the areas' geometries (as for items); default CRS84",
                        "schema", obj("type", "string", "format", "uri")),
                obj("name", "f", "in", "query", "required", false,
                        "schema", obj("type", "string", "enum", List.of("geojson", "csv"))));
        paths.put("/aggregate", obj("get", operation("Sensors", "getAreaAggregate",
                "Statistics of an observed property per area of a polygon layer (and per time bucket); a sensor"
                        + " counts where its thing was at the observation's time",
                areaParams, withErrors(content("A FeatureCollection of every area: geometry, the layer's properties,"
                        + " sensors, observations, the statistics and (with interval) buckets; CSV with f=csv",
                        GEOJSON, obj("type", "object"), "text/csv"), "400", "406"))));
        List<Object> streamParams = List.of(
                obj("name", "datastream", "in", "query", "required", false, "style", "form", "explode", false,
                        "description", "Datastream keys or ids, comma-separated (at most 100)",
                        "schema", obj("type", "array", "items", obj("type", "string"))),
                obj("name", "observedProperty", "in", "query", "required", false, "style", "form", "explode", false,
                        "description", "Observed property keys, comma-separated",
                        "schema", obj("type", "array", "items", obj("type", "string"))),
                obj("name", "bbox", "in", "query", "required", false, "style", "form", "explode", false,
                        "description", "minLon,minLat,maxLon,maxLat (CRS84) of the datastream's thing",
                        "schema", obj("type", "array", "minItems", 4, "maxItems", 4, "items", obj("type", "number"))),
                obj("name", "Last-Event-ID", "in", "header", "required", false,
                        "description", "Resume after this event id (a position in the change topic)",
                        "schema", obj("type", "string")));
        paths.put("/observations/stream", obj("get", operation("Sensors", "streamObservations",
                "Observations as they are stored, as Server-Sent Events (docs/sensors.md, Live push)", streamParams,
                withErrors(content("An endless text/event-stream: one event per observation (data: its JSON, id: a"
                        + " position to resume from), comment heartbeats, and event: dropped when the client does"
                        + " not keep up", "text/event-stream", obj("type", "string")), "400", "503"))));
    }

    /** The map viewer and the glyphs its map styles name (nl.tweeling.viewer, docs/map.md). */
    private static void mapPaths(Map<String, Object> paths) {
        List<Object> lang = List.of(obj("name", "lang", "in", "query", "required", false,
                "description", "nl or en; without it Accept-Language decides (Dutch when it names neither)",
                "schema", obj("type", "string", "enum", List.of("nl", "en"))));
        paths.put("/viewer", obj("get", operation("Maps", "getViewer",
                "The map viewer (HTML): layers, feature information, time, live sensors, statistics per area", lang,
                withErrors(content("The viewer page", HTML, obj("type", "string")), "400"))));
        List<Object> glyphParams = List.of(
                obj("name", "fontstack", "in", "path", "required", true,
                        "description", "Font stacks, comma-separated; the first the app has answers (Noto Sans Regular)",
                        "schema", obj("type", "string")),
                obj("name", "range", "in", "path", "required", true,
                        "description", "256 code points from a multiple of 256: 0-255, 256-511, … 65280-65535",
                        "schema", obj("type", "string", "pattern", "^[0-9]+-[0-9]+$")));
        paths.put("/fonts/{fontstack}/{range}.pbf", obj("get", operation("Maps", "getGlyphs",
                "Glyphs (signed distance fields, MapLibre glyphs.proto) of a font stack for map labels", glyphParams,
                withErrors(content("The glyphs of the range (none when the font has no glyph in it)",
                        "application/x-protobuf", obj("type", "string", "format", "binary")), "404"))));
    }

    private static void ingestPath(Map<String, Object> paths) {
        Map<String, Object> op = operation("Ingest", "postObservations",
                "Ingest observations: one object, a JSON array, or NDJSON (one object per line)", List.of(),
                new LinkedHashMap<>());
        op.put("description", "All or nothing: one invalid observation rejects the request with 400 and a list "
                + "of errors. Accepted observations are produced to Kafka and visible within seconds. Needs an "
                + "API key with role ingest, as X-API-Key or Authorization: Bearer.");
        op.put("security", List.of(obj("apiKey", List.of()), obj("bearer", List.of())));
        op.put("requestBody", obj("required", true, "content", obj(
                JSON, obj("schema", obj("oneOf", List.of(schemaRef("observation"),
                        obj("type", "array", "items", schemaRef("observation"))))),
                NDJSON, obj("schema", obj("type", "string",
                        "description", "One observation object per line")))));
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("202", obj("description", "Accepted: produced to Kafka", "content", obj(JSON, obj("schema",
                obj("type", "object", "properties", obj(
                        "accepted", obj("type", "integer", "minimum", 1),
                        "topic", obj("type", "string")))))));
        for (String status : List.of("400", "401", "403", "413", "415", "503")) {
            responses.put(status, responseRef(status));
        }
        responses.put("default", responseRef("500"));
        op.put("responses", responses);
        paths.put("/ingest/observations", obj("post", op));
    }

    private static void importPaths(Map<String, Object> paths) {
        Map<String, Object> op = operation("Import", "postImport",
                "Import a file (upload) or a URL into a layer; answers with the job", List.of(), new LinkedHashMap<>());
        op.put("description", "A new layer name registers a new collection; an existing one is versioned "
                + "(unchanged features untouched, changed ones get a new version, vanished ones are ended). The "
                + "import runs as a job: follow the Location header or GET /jobs/{jobId}. Uploads: the multipart "
                + "part 'file', repeated for a shapefile's .shx/.dbf/.prj/.cpg; up to tweeling.imports.max-upload-bytes "
                + "(2 GB) in all, streamed to disk. Needs role ingest or admin.");
        op.put("security", List.of(obj("apiKey", List.of()), obj("bearer", List.of())));
        Map<String, Object> options = obj(
                "layer", obj("type", "string", "description", "Target layer (collection id); letters, digits, _ and -"),
                "crs", obj("type", "string", "description", "CRS of the source when it declares none or a wrong "
                        + "one, e.g. EPSG:28992"),
                "idField", obj("type", "string", "description", "Source field holding the features' stable ids"),
                "encoding", obj("type", "string", "description", "Text encoding of the source, e.g. ISO-8859-1"),
                "access", obj("type", "string", "enum", List.of("public", "authenticated", "ingest", "planner", "editor", "admin"),
                        "description", "Who may read the layer this import creates (default public)"),
                "restrictedProperties", obj("type", "string", "description", "Properties of the new layer only some"
                        + " may read: property:level pairs, e.g. residents:planner,income:admin"),
                "mode", obj("type", "string", "enum", List.of("replace", "upsert"), "description", "Required for an"
                        + " existing layer: replace (the source is the whole layer; features it lacks end) or upsert"
                        + " (features are added and changed, none end)"),
                "dryRun", obj("type", "boolean", "description", "Report what the import would insert, change and end;"
                        + " write nothing"),
                "nullValues", obj("type", "string", "description", "Comma-separated text values read as null in"
                        + " GeoJSON properties and CSV cells (default ?,.,-,NA; empty: none)"),
                "join", obj("type", "string", "description", "An attribute table (a file without geometry): the layer"
                        + " and property whose geometries its rows take, e.g. buurten.code"),
                "joinField", obj("type", "string", "description", "The attribute table's key field matched with join's"
                        + " property, e.g. GEOITEM; also the features' ids unless idField says otherwise"));
        Map<String, Object> upload = new LinkedHashMap<>();
        upload.put("file", obj("type", "array", "items", obj("type", "string", "format", "binary")));
        upload.putAll(options);
        Map<String, Object> byUrl = new LinkedHashMap<>();
        byUrl.put("url", obj("type", "string", "format", "uri", "description", "http(s) URL of the file"));
        byUrl.putAll(options);
        op.put("requestBody", obj("required", true, "content", obj(
                "multipart/form-data", obj("schema", obj("type", "object", "required", List.of("file", "layer"),
                        "properties", upload)),
                JSON, obj("schema", obj("type", "object", "required", List.of("url", "layer"),
                        "properties", byUrl)))));
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("201", obj("description", "The import job was created; Location is its status URL",
                "headers", obj("Location", obj("schema", obj("type", "string", "format", "uri"))),
                "content", obj(JSON, obj("schema", schemaRef("statusInfo")))));
        withErrors(responses, "400", "401", "403", "413", "415", "503");
        op.put("responses", responses);
        paths.put("/imports", obj("post", op));
        paths.put("/imports/{run}", obj("get", operation("Import", "getImportReport",
                "An import's report: inserted, updated, unchanged, ended and rejected features (with reasons)",
                List.of(pathId("run", "The import's run id (its job id)")),
                withErrors(content("The report", JSON, schemaRef("importReport")), "404"))));
    }

    private static void harvestPaths(Map<String, Object> paths) {
        Map<String, Object> add = operation("Harvest", "postHarvester",
                "Register a harvester: id, type, url, every (ISO 8601 duration), options; needs role admin",
                List.of(), new LinkedHashMap<>());
        add.put("security", List.of(obj("apiKey", List.of()), obj("bearer", List.of())));
        Map<String, Object> definition = obj(
                "id", obj("type", "string"),
                "type", obj("type", "string", "description", "The reader, e.g. knmi-daily, rws-waterinfo, "
                        + "rivm-lml, ndw-trafficspeed, sensorthings, ogcapi-features"),
                "url", obj("type", "string", "format", "uri"),
                "every", obj("type", "string", "description", "ISO 8601 duration, e.g. PT1H"),
                "options", obj("type", "object"));
        add.put("requestBody", obj("required", true, "content", obj(JSON, obj("schema", obj("type", "object",
                "required", List.of("id", "type", "url"), "properties", definition)))));
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("201", obj("description", "The harvester was registered", "content",
                obj(JSON, obj("schema", schemaRef("harvester")))));
        add.put("responses", withErrors(created, "400", "401", "403", "409"));
        paths.put("/harvesters", obj(
                "get", operation("Harvest", "getHarvesters", "Every harvester, from the configuration file and the API",
                        List.of(), withErrors(content("The harvesters", JSON, obj("type", "object", "properties",
                                obj("harvesters", obj("type", "array", "items", schemaRef("harvester"))))))),
                "post", add));
        Map<String, Object> id = pathId("id", "The harvester's id");
        Map<String, Object> replace = operation("Harvest", "putHarvester",
                "Replace a harvester's definition (the id stays); needs role admin", List.of(id), new LinkedHashMap<>());
        replace.put("description", "Checked as POST checks a new one (types, options, the outbound policy on its"
                + " URLs). Secret options (password, token, apiKey, headers) sent back as \"***\", as GET shows them,"
                + " keep their stored value. Harvesters of the configuration file cannot be changed here (409). A run"
                + " going on finishes with the definition it started with; the scheduler uses the new one.");
        replace.put("security", List.of(obj("apiKey", List.of()), obj("bearer", List.of())));
        replace.put("requestBody", obj("required", true, "content", obj(JSON, obj("schema", obj("type", "object",
                "required", List.of("type", "url"), "properties", definition)))));
        Map<String, Object> replaced = content("The harvester as now stored", JSON, schemaRef("harvester"));
        withErrors(replaced, "400", "401", "403", "404");
        replaced.put("409", problem("The harvester is defined in the configuration file"));
        replace.put("responses", replaced);
        Map<String, Object> removed = new LinkedHashMap<>();
        removed.put("204", obj("description", "The harvester was removed; its past jobs stay"));
        withErrors(removed, "401", "403", "404");
        removed.put("409", problem("A run of the harvester is going on, or it is defined in the configuration file;"
                + " nothing was removed"));
        Map<String, Object> remove = operation("Harvest", "deleteHarvester",
                "Remove a harvester; its past jobs stay; needs role admin", List.of(id), removed);
        remove.put("security", List.of(obj("apiKey", List.of()), obj("bearer", List.of())));
        paths.put("/harvesters/{id}", obj("get", operation("Harvest", "getHarvester",
                "One harvester with its last ten runs (jobs), newest first", List.of(id),
                withErrors(content("The harvester", JSON, schemaRef("harvester")), "404")),
                "put", replace, "delete", remove));
        Map<String, Object> run = operation("Harvest", "runHarvester",
                "Run a harvester now; answers with the run's job; needs role admin", List.of(id), new LinkedHashMap<>());
        run.put("security", List.of(obj("apiKey", List.of()), obj("bearer", List.of())));
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("202", obj("description", "The run started; Location is its job's status URL",
                "headers", obj("Location", obj("schema", obj("type", "string", "format", "uri"))),
                "content", obj(JSON, obj("schema", obj("type", "object", "properties", obj(
                        "jobID", obj("type", "string"), "status", obj("type", "string"),
                        "links", schemaRef("links")))))));
        run.put("responses", withErrors(accepted, "401", "403", "404"));
        paths.put("/harvesters/{id}/run", obj("post", run));
        Map<String, Object> replay = operation("Ingest", "replayDeadLetters",
                "Re-inject the dead letters not replayed before into the observation topic; needs role admin",
                List.of(), withErrors(content("How many were replayed", JSON, obj("type", "object", "properties",
                        obj("replayed", obj("type", "integer", "minimum", 0)))), "401", "403", "503"));
        replay.put("security", List.of(obj("apiKey", List.of()), obj("bearer", List.of())));
        paths.put("/admin/dead-letters/replay", obj("post", replay));
    }

    private static void jobPaths(Map<String, Object> paths) {
        paths.put("/jobs", obj("get", operation("Jobs", "getJobs",
                "The newest jobs first (process runs, imports, harvests, sample loads), as OGC API – Processes"
                        + " statusInfo; those of the caller's key (every job for an admin key)",
                List.of(obj("name", "limit", "in", "query", "required", false, "style", "form", "explode", false,
                                "schema", obj("type", "integer", "minimum", 1, "maximum", 1000, "default", 50)),
                        obj("name", "offset", "in", "query", "required", false, "style", "form", "explode", false,
                                "description", "Jobs to skip (the next link sets it)",
                                "schema", obj("type", "integer", "minimum", 0, "default", 0)),
                        obj("name", "type", "in", "query", "required", false, "style", "form", "explode", false,
                                "description", "process (every job), or a job kind such as import or harvest",
                                "schema", obj("type", "string")),
                        obj("name", "processID", "in", "query", "required", false, "style", "form", "explode", true,
                                "description", "Only jobs of these processes (or job kinds); repeat or separate by"
                                        + " commas", "schema", obj("type", "array", "items", obj("type", "string"))),
                        obj("name", "status", "in", "query", "required", false, "style", "form", "explode", true,
                                "description", "Only jobs with these statuses; repeat or separate by commas",
                                "schema", obj("type", "array", "items", obj("type", "string", "enum", List.of(
                                        "accepted", "running", "successful", "failed", "dismissed")))),
                        obj("name", "datetime", "in", "query", "required", false, "style", "form", "explode", false,
                                "description", "Only jobs created at this instant or in this interval (RFC 3339,"
                                        + " open ends ..)", "schema", obj("type", "string")),
                        obj("name", "minDuration", "in", "query", "required", false, "style", "form",
                                "explode", false, "description", "Only jobs that ran (or run) at least this many"
                                        + " seconds", "schema", obj("type", "integer", "minimum", 0)),
                        obj("name", "maxDuration", "in", "query", "required", false, "style", "form",
                                "explode", false, "description", "Only jobs that ran at most this many seconds",
                                "schema", obj("type", "integer", "minimum", 0))),
                withErrors(content("The jobs", JSON, obj("type", "object", "required", List.of("jobs", "links"),
                        "properties", obj("jobs", obj("type", "array", "items", schemaRef("statusInfo")),
                                "links", schemaRef("links")))), "400"))));
        Map<String, Object> jobId = pathId("jobId", "The job's id (a UUID)");
        Map<String, Object> dismissed = withErrors(content("The job, now dismissed", JSON, schemaRef("statusInfo")),
                "401", "403", "404");
        dismissed.put("409", problem("The job has ended (successful or failed), is committing, or cannot be"
                + " dismissed; it is unchanged"));
        Map<String, Object> dismiss = operation("Jobs", "dismissJob",
                "Dismiss a job: an accepted or running one stops and changes nothing (status dismissed); a"
                        + " finished process job is deleted with its result layers; another finished one is kept"
                        + " (409); needs an admin key or the key that started it",
                List.of(jobId), dismissed);
        dismiss.put("description", "OGC API – Processes, conformance class dismiss. An accepted or running job is"
                + " cancelled: its run stops at once, rolls back and leaves no staging table; the job is kept with"
                + " status dismissed. Dismissing a dismissed job again answers the same. A process job that has"
                + " succeeded or failed is deleted: its result layers and figures are removed and it keeps its row"
                + " with status dismissed. Another job that has succeeded or failed is kept as it is (its results are"
                + " data whose lineage names the job): 409, as is a job that is committing or of a type that cannot"
                + " be dismissed (e.g. a sample load).");
        dismiss.put("security", List.of(obj("apiKey", List.of()), obj("bearer", List.of())));
        paths.put("/jobs/{jobId}", obj("get", operation("Jobs", "getJob",
                "A job's status, progress and links (OGC API – Processes statusInfo)", List.of(jobId),
                withErrors(content("The job", JSON, schemaRef("statusInfo")), "404")), "delete", dismiss));
        paths.put("/jobs/{jobId}/results", obj("get", operation("Jobs", "getJobResults",
                "What a successful job produced (for a process: the results document, result layers as"
                        + " references; for an import: its report)", List.of(jobId),
                withErrors(content("The results", JSON, obj("type", "object")), "404"))));
        paths.put("/jobs/{a}/compare/{b}", obj("get", operation("Jobs", "compareJobs",
                "Two successful runs of the same process per buurt (GeoJSON): each figure of a, of b and the"
                        + " difference b − a, with totals",
                List.of(pathId("a", "The first job's id"), pathId("b", "The second job's id")),
                withErrors(content("The comparison", "application/geo+json", obj("type", "object")), "400",
                        "404"))));
    }

    private static void processPaths(Map<String, Object> paths) {
        paths.put("/processes", obj("get", operation("Processes", "getProcesses",
                "The processes (simulation models) this server runs, in id order", List.of(
                        obj("name", "limit", "in", "query", "required", false, "style", "form", "explode", false,
                                "schema", obj("type", "integer", "minimum", 1, "maximum", 10000, "default", 10)),
                        obj("name", "after", "in", "query", "required", false, "style", "form", "explode", false,
                                "description", "The page after this process id (the next link sets it)",
                                "schema", obj("type", "string")),
                        ref("f")),
                jsonOrHtml(JSON, obj("type", "object", "required", List.of("processes", "links")),
                        "The process list"))));
        Map<String, Object> processId = pathId("processId", "The process id, e.g. buurt-statistics");
        paths.put("/processes/{processId}", obj("get", operation("Processes", "getProcessDescription",
                "A process description: inputs and outputs with JSON Schema, job control options",
                List.of(processId, ref("f")), withErrors(content("The process description", JSON,
                        obj("type", "object"), HTML), "404", "406"))));
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("200", obj("description", "Prefer: respond-sync and a small run: the results document",
                "content", obj(JSON, obj("schema", obj("type", "object")))));
        created.put("201", obj("description", "The job was created (Location: /jobs/{jobId})", "content",
                obj(JSON, obj("schema", schemaRef("statusInfo")))));
        Map<String, Object> execute = operation("Processes", "execute",
                "Run a process as a job: asynchronous (201 + Location) by default; Prefer: respond-sync answers"
                        + " a small run with its results; needs role planner",
                List.of(processId, obj("name", "Prefer", "in", "header", "required", false,
                        "schema", obj("type", "string"), "example", "respond-sync")),
                withErrors(created, "400", "401", "403", "404", "422", "503"));
        execute.put("requestBody", obj("required", false, "content", obj(JSON, obj("schema", obj("type", "object",
                "properties", obj("inputs", obj("type", "object"), "outputs", obj("type", "object"),
                        "response", obj("type", "string", "enum", List.of("document")),
                        "subscriber", obj("type", "object")))))));
        execute.put("security", List.of(obj("apiKey", List.of()), obj("bearer", List.of())));
        paths.put("/processes/{processId}/execution", obj("post", execute));
    }

    private static Map<String, Object> pathId(String name, String description) {
        return obj("name", name, "in", "path", "required", true, "description", description,
                "schema", obj("type", "string"));
    }

    // ------------------------------------------------------------- parameters

    private static Map<String, Object> limit(Settings s) {
        return obj("name", "limit", "in", "query", "required", false, "style", "form", "explode", false,
                "description", "Largest number of features on a page (at most " + s.maxLimit() + ")",
                "schema", obj("type", "integer", "minimum", 1, "maximum", s.maxLimit(),
                        "default", s.defaultLimit()));
    }

    /** A property=value equality filter for a queryable (OGC API – Features Part 3, queryables as parameters). */
    private static Map<String, Object> queryableParameter(Queryable q) {
        Map<String, Object> schema;
        if ("array".equals(q.type())) {
            schema = obj("type", "array", "items", obj("type", "string"));
        } else {
            schema = obj("type", q.type());
            if (q.format() != null) {
                schema.put("format", q.format());
            }
        }
        return obj("name", q.name(), "in", "query", "required", false, "style", "form", "explode", false,
                "description", "Only features whose " + q.name() + " equals this value", "schema", schema);
    }

    private static Map<String, Object> parameters(Settings s) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("f", obj("name", "f", "in", "query", "required", false, "style", "form", "explode", false,
                "description", "The representation: json or html. Without it, the Accept header decides; "
                        + "with neither, json.",
                "schema", obj("type", "string", "enum", List.of("json", "html"), "default", "json")));
        p.put("f-items", obj("name", "f", "in", "query", "required", false, "style", "form", "explode", false,
                "description", "The representation: json or geojson (both GeoJSON) or html. Without it, the "
                        + "Accept header decides; with neither, GeoJSON.",
                "schema", obj("type", "string", "enum", List.of("json", "geojson", "html"), "default", "json")));
        p.put("bbox", obj("name", "bbox", "in", "query", "required", false, "style", "form", "explode", false,
                "description", "Only features whose geometry intersects this box: 4 numbers (lower left "
                        + "corner, upper right corner) or 6 (with the lowest and highest height), in CRS84 "
                        + "(lon,lat) unless bbox-crs names another CRS, then in that CRS's axis order "
                        + "(EPSG:4326: lat,lon; EPSG:28992 and EPSG:3857: x,y). 5 numbers are a 400.",
                // /req/core/fc-bbox-definition, as written there (the ETS checks exactly this)
                "schema", obj("type", "array", "minItems", 4, "maxItems", 6, "items", obj("type", "number"))));
        p.put("bbox-crs", obj("name", "bbox-crs", "in", "query", "required", false, "style", "form",
                "explode", false, "description", "The CRS of bbox (OGC API – Features Part 2)",
                "schema", crsSchema(s)));
        p.put("datetime", obj("name", "datetime", "in", "query", "required", false, "style", "form",
                "explode", false,
                "description", "Only features valid at this instant or overlapping this interval (RFC 3339; "
                        + "open ends as ..), e.g. 2024-01-01T00:00:00Z/..",
                "schema", obj("type", "string")));
        p.put("crs", obj("name", "crs", "in", "query", "required", false, "style", "form", "explode", false,
                "description", "The CRS of the response geometries (OGC API – Features Part 2)",
                "schema", crsSchema(s)));
        p.put("filter", obj("name", "filter", "in", "query", "required", false, "style", "form",
                "explode", false,
                "description", "A CQL2 filter expression over the queryables (OGC API – Features Part 3), e.g. "
                        + "height > 20 AND S_INTERSECTS(geometry, BBOX(6.08,52.50,6.11,52.52))",
                "schema", obj("type", "string")));
        p.put("filter-lang", obj("name", "filter-lang", "in", "query", "required", false, "style", "form",
                "explode", false, "description", "The encoding of filter",
                "schema", obj("type", "string", "enum", List.of("cql2-text", "cql2-json"), "default",
                        "cql2-text")));
        p.put("filter-crs", obj("name", "filter-crs", "in", "query", "required", false, "style", "form",
                "explode", false, "description", "The CRS of geometry literals in filter",
                "schema", crsSchema(s)));
        p.put("sortby", obj("name", "sortby", "in", "query", "required", false, "style", "form",
                "explode", false,
                "description", "Sort keys: queryable names, each optionally prefixed by + (ascending) or - "
                        + "(descending), e.g. -height,name",
                "schema", obj("type", "array", "minItems", 1,
                        "items", obj("type", "string", "pattern", "^[+-]?[A-Za-z_][A-Za-z0-9_.]*$"))));
        p.put("properties", obj("name", "properties", "in", "query", "required", false, "style", "form",
                "explode", false, "description", "Only these properties in the response",
                "schema", obj("type", "array", "items", obj("type", "string"))));
        p.put("skipGeometry", obj("name", "skipGeometry", "in", "query", "required", false, "style", "form",
                "explode", false, "description", "Leave the geometries out (geometry: null)",
                "schema", obj("type", "boolean", "default", false)));
        p.put("cursor", obj("name", "cursor", "in", "query", "required", false, "style", "form",
                "explode", false,
                "description", "Opaque position of a page; take it from a next or prev link, never build it",
                "schema", obj("type", "string")));
        p.put("featureId", obj("name", "featureId", "in", "path", "required", true,
                "description", "The stable id of a feature", "schema", obj("type", "string")));
        return p;
    }

    private static Map<String, Object> crsSchema(Settings s) {
        Map<String, Object> schema = obj("type", "string", "format", "uri");
        if (s.crs() != null && !s.crs().isEmpty()) {
            schema.put("enum", List.copyOf(s.crs()));
            schema.put("default", s.crs().get(0));
        } else {
            schema.put("default", CRS84);
        }
        return schema;
    }

    // -------------------------------------------------------------- components

    private static Map<String, Object> components(Settings settings) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("parameters", parameters(settings));
        c.put("schemas", schemas());
        c.put("responses", responses());
        c.put("securitySchemes", obj(
                "apiKey", obj("type", "apiKey", "in", "header", "name", "X-API-Key",
                        "description", "An API key made with ./tweeling key create"),
                "bearer", obj("type", "http", "scheme", "bearer",
                        "description", "The same API key, as Authorization: Bearer <key>")));
        return c;
    }

    private static Map<String, Object> schemas() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("link", obj("type", "object", "required", List.of("href"), "properties", obj(
                "href", obj("type", "string"),
                "rel", obj("type", "string"),
                "type", obj("type", "string"),
                "hreflang", obj("type", "string"),
                "title", obj("type", "string"),
                "length", obj("type", "integer"))));
        s.put("links", obj("type", "array", "items", schemaRef("link")));
        Map<String, Object> level = obj("type", "string", "enum", List.of("public", "authenticated", "ingest",
                "planner", "editor", "admin"));
        s.put("collectionPatch", obj("type", "object", "additionalProperties", false, "minProperties", 1,
                "properties", obj(
                        "title", obj("type", "string", "minLength", 1, "maxLength", 200),
                        "description", obj("type", "string", "maxLength", 10000),
                        "keywords", obj("type", "array", "maxItems", 50, "items", obj("type", "string", "maxLength", 100)),
                        "licence", obj("type", "string", "description", "An SPDX licence id (e.g. CC-BY-4.0) or a name"),
                        "licenceUrl", obj("type", "string", "format", "uri", "nullable", true),
                        "attribution", obj("type", "string", "maxLength", 2000),
                        "access", level,
                        "restrictedProperties", obj("type", "object", "description", "property → the access level"
                                + " that sees it; null lifts the restriction",
                                "additionalProperties", obj("type", "string", "nullable", true, "enum",
                                        java.util.Arrays.asList("authenticated", "ingest", "planner", "editor", "admin", null))))));
        s.put("landingPage", obj("type", "object", "required", List.of("links"), "properties", obj(
                "title", obj("type", "string"),
                "description", obj("type", "string"),
                "links", schemaRef("links"))));
        s.put("confClasses", obj("type", "object", "required", List.of("conformsTo"), "properties", obj(
                "conformsTo", obj("type", "array", "items", obj("type", "string")))));
        s.put("extent", obj("type", "object", "properties", obj(
                "spatial", obj("type", "object", "properties", obj(
                        "bbox", obj("type", "array", "minItems", 1, "items", obj("type", "array",
                                "minItems", 4, "maxItems", 6, "items", obj("type", "number"))),
                        "crs", obj("type", "string", "default", CRS84))),
                "temporal", obj("type", "object", "properties", obj(
                        "interval", obj("type", "array", "minItems", 1, "items", obj("type", "array",
                                "minItems", 2, "maxItems", 2,
                                "items", obj("type", "string", "format", "date-time", "nullable", true))),
                        "trs", obj("type", "string"))))));
        s.put("collection", obj("type", "object", "required", List.of("id", "links"), "properties", obj(
                "id", obj("type", "string"),
                "title", obj("type", "string"),
                "description", obj("type", "string"),
                "links", schemaRef("links"),
                "extent", schemaRef("extent"),
                "itemType", obj("type", "string", "default", "feature"),
                "crs", obj("type", "array", "items", obj("type", "string")),
                "storageCrs", obj("type", "string")), "additionalProperties", true));
        s.put("collections", obj("type", "object", "required", List.of("links", "collections"), "properties", obj(
                "links", schemaRef("links"),
                "collections", obj("type", "array", "items", schemaRef("collection")))));
        s.put("geometryGeoJSON", obj("type", "object", "nullable", true, "required", List.of("type"),
                "properties", obj(
                        "type", obj("type", "string", "enum", List.of("Point", "MultiPoint", "LineString",
                                "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection")),
                        "coordinates", obj("type", "array", "items", obj()),
                        "geometries", obj("type", "array", "items", schemaRef("geometryGeoJSON")))));
        s.put("featureGeoJSON", obj("type", "object", "required", List.of("type", "geometry", "properties"),
                "properties", obj(
                        "type", obj("type", "string", "enum", List.of("Feature")),
                        "id", obj("oneOf", List.of(obj("type", "string"), obj("type", "integer"))),
                        "geometry", schemaRef("geometryGeoJSON"),
                        "properties", obj("type", "object", "nullable", true),
                        "links", schemaRef("links"))));
        s.put("featureCollectionGeoJSON", obj("type", "object", "required", List.of("type", "features"),
                "properties", obj(
                        "type", obj("type", "string", "enum", List.of("FeatureCollection")),
                        "features", obj("type", "array", "items", schemaRef("featureGeoJSON")),
                        "links", schemaRef("links"),
                        "timeStamp", obj("type", "string", "format", "date-time"),
                        "numberMatched", obj("type", "integer", "minimum", 0),
                        "numberReturned", obj("type", "integer", "minimum", 0))));
        s.put("queryables", obj("type", "object", "description",
                "A JSON Schema (2020-12) whose properties are the queryables", "properties", obj(
                        "$schema", obj("type", "string"),
                        "$id", obj("type", "string"),
                        "type", obj("type", "string"),
                        "title", obj("type", "string"),
                        "properties", obj("type", "object", "additionalProperties", obj("type", "object")))));
        s.put("datastreams", obj("type", "object", "properties", obj(
                "datastreams", obj("type", "array", "items", obj("type", "object")),
                "numberReturned", obj("type", "integer"),
                "links", schemaRef("links"))));
        s.put("aggregate", obj("type", "object", "properties", obj(
                "datastream", obj("type", "object"),
                "datetime", obj("type", "string"),
                "interval", obj("type", "string"),
                "timeZone", obj("type", "string"),
                "stats", obj("type", "array", "items", obj("type", "string")),
                "buckets", obj("type", "array", "items", obj("type", "object", "properties", obj(
                        "start", obj("type", "string", "format", "date-time"),
                        "end", obj("type", "string", "format", "date-time"),
                        "count", obj("type", "integer"),
                        "avg", obj("type", "number", "nullable", true)))),
                "numberReturned", obj("type", "integer"),
                "links", schemaRef("links"))));
        s.put("observations", obj("type", "object", "properties", obj(
                "datastream", obj("type", "object"),
                "observations", obj("type", "array", "items", obj("type", "object", "properties", obj(
                        "phenomenonTime", obj("type", "string", "format", "date-time"),
                        "result", obj(),
                        "resultQuality", obj()))),
                "numberReturned", obj("type", "integer"),
                "links", schemaRef("links"))));
        s.put("observation", obj("type", "object", "required", List.of("datastream", "phenomenonTime", "result"),
                "properties", obj(
                        "datastream", obj("oneOf", List.of(obj("type", "string"), obj("type", "integer")),
                                "description", "Key or numeric id of the datastream"),
                        "phenomenonTime", obj("type", "string", "format", "date-time"),
                        "result", obj("description", "A number, or any JSON value"),
                        "resultQuality", obj(),
                        "location", obj("type", "object", "description", "GeoJSON Point, lon/lat"))));
        s.put("statusInfo", obj("type", "object", "description", "A job (OGC API – Processes statusInfo)",
                "required", List.of("jobID", "status", "type"), "properties", obj(
                        "jobID", obj("type", "string"),
                        "type", obj("type", "string", "enum", List.of("process")),
                        "processID", obj("type", "string"),
                        "status", obj("type", "string", "enum", List.of("accepted", "running", "successful",
                                "failed", "dismissed")),
                        "message", obj("type", "string"),
                        "created", obj("type", "string", "format", "date-time"),
                        "started", obj("type", "string", "format", "date-time"),
                        "finished", obj("type", "string", "format", "date-time"),
                        "updated", obj("type", "string", "format", "date-time"),
                        "progress", obj("type", "integer", "minimum", 0, "maximum", 100),
                        "inputs", obj("type", "object"),
                        "links", schemaRef("links"))));
        s.put("importReport", obj("type", "object", "properties", obj(
                "run", obj("type", "string"),
                "status", obj("type", "string"),
                "message", obj("type", "string"),
                "inputs", obj("type", "object"),
                "inserted", obj("type", "integer"),
                "updated", obj("type", "integer"),
                "unchanged", obj("type", "integer"),
                "ended", obj("type", "integer"),
                "rejected", obj("type", "integer"),
                "rejections", obj("type", "array", "description", "The rejected features, each with its reason",
                        "items", obj("type", "object")),
                "links", schemaRef("links")), "additionalProperties", true));
        s.put("harvester", obj("type", "object", "properties", obj(
                "id", obj("type", "string"),
                "type", obj("type", "string"),
                "url", obj("type", "string"),
                "every", obj("type", "string", "nullable", true),
                "options", obj("type", "object"),
                "origin", obj("type", "string"),
                "runs", obj("type", "array", "items", obj("type", "object")),
                "links", obj("type", "array", "items", obj("type", "object")))));
        s.put("exception", obj("type", "object", "description", "RFC 9457 problem details",
                "required", List.of("title", "status"), "properties", obj(
                        "type", obj("type", "string"),
                        "title", obj("type", "string"),
                        "status", obj("type", "integer"),
                        "detail", obj("type", "string"),
                        "instance", obj("type", "string"),
                        "code", obj("type", "string", "description", "OGC exception code"),
                        "parameter", obj("type", "string", "description", "The offending request parameter"),
                        "requestId", obj("type", "string"),
                        "errors", obj("type", "array", "items", obj("type", "object")))));
        return s;
    }

    private static Map<String, Object> responses() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("400", problem("A query parameter or the body is invalid; parameter names it"));
        r.put("401", problem("No API key, or an unknown or revoked one"));
        r.put("403", problem("The API key lacks the role this operation needs"));
        r.put("404", problem("No such resource"));
        r.put("406", problem("None of the media types the Accept header allows can be produced"));
        r.put("409", problem("The resource's state does not allow it (it exists already, something still writes into it,"
                + " or it is a base layer)"));
        r.put("413", problem("The body is too large (tweeling.http.max-body-bytes; an upload: tweeling.imports.max-upload-bytes)"
                + " or holds more observations than one request may"));
        r.put("412", problem("If-Match names another version than the current one: read the resource again"));
        r.put("415", problem("This body media type is not accepted"));
        r.put("428", problem("If-Match is missing: send the ETag of the version you change, or *"));
        r.put("422", problem("A synchronous process run failed; detail says why and names the job"));
        r.put("500", problem("The server could not complete the request; requestId identifies the log line"));
        r.put("503", problem("A backing service is unreachable; try again later"));
        return r;
    }

    private static Map<String, Object> problem(String description) {
        return obj("description", description, "content", obj(PROBLEM, obj("schema", schemaRef("exception"))));
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> operation(String tag, String operationId, String summary,
            List<Object> parameters, Map<String, Object> responses) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("tags", List.of(tag));
        op.put("summary", summary);
        op.put("operationId", operationId);
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        op.put("responses", responses);
        return op;
    }

    /** 200 with JSON (of the given media type and schema) or HTML, plus 406 and 500. */
    private static Map<String, Object> jsonOrHtml(String mediaType, Map<String, Object> schema, String what) {
        return withErrors(content(what, mediaType, schema, HTML), "406");
    }

    /** A 200 response with the given representations; {@code alsoAs} are given a string schema (text/html). */
    private static Map<String, Object> content(String description, String mediaType, Map<String, Object> schema,
            String... alsoAs) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put(mediaType, obj("schema", schema));
        for (String other : alsoAs) {
            content.put(other, obj("schema", obj("type", "string")));
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", obj("description", description, "content", content));
        return responses;
    }

    private static Map<String, Object> withErrors(Map<String, Object> responses, String... statuses) {
        for (String status : statuses) {
            responses.put(status, responseRef(status));
        }
        responses.put("500", responseRef("500"));
        return responses;
    }

    private static Map<String, Object> ref(String parameter) {
        return obj("$ref", "#/components/parameters/" + parameter);
    }

    private static Map<String, Object> schemaRef(String schema) {
        return obj("$ref", "#/components/schemas/" + schema);
    }

    private static Map<String, Object> responseRef(String status) {
        return obj("$ref", "#/components/responses/" + status);
    }

    /** operationIds must be unique and are often turned into code names: letters, digits and _ only. */
    static String operationIdPart(String id) {
        StringBuilder out = new StringBuilder(id.length());
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            out.append(c < 128 && Character.isLetterOrDigit(c) ? c : '_');
        }
        return out.toString();
    }

    /** An ordered map from alternating keys and values. */
    private static Map<String, Object> obj(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
