package nl.tweeling.feature.ets;

import static io.restassured.RestAssured.given;
import static nl.tweeling.feature.ets.Ets.CORE;
import static nl.tweeling.feature.ets.Ets.CRS84;
import static nl.tweeling.feature.ets.Ets.CRS84H;
import static nl.tweeling.feature.ets.Ets.FEATURES_LIMIT;
import static nl.tweeling.feature.ets.Ets.GEOJSON;
import static nl.tweeling.feature.ets.Ets.JSON;
import static nl.tweeling.feature.ets.Ets.NUMBERMATCHED_LIMIT;
import static nl.tweeling.feature.ets.Ets.OPEN_API_MIME_TYPE;
import static nl.tweeling.feature.ets.Ets.hasRelAndType;
import static nl.tweeling.feature.ets.Ets.link;
import static nl.tweeling.feature.ets.Ets.links;
import static nl.tweeling.feature.ets.Ets.linksOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

import com.reprezen.kaizen.oasparser.model3.OpenApi3;
import com.reprezen.kaizen.oasparser.model3.Parameter;
import com.reprezen.kaizen.oasparser.model3.Schema;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The assertions of the OGC API – Features Part 1 executable test suite (ETS,
 * opengeospatial/ets-ogcapi-features10, package {@code conformance.core}), made against Tweeling for every
 * collection. Each test is named after the ETS test method (class in the comment) it mirrors; the official
 * suite cannot run here (see docs/conformance.md). Read from the ETS's source, written anew.
 */
@QuarkusTest
class EtsPart1ChecksTest {

    // --- core.general.GeneralHttp -------------------------------------------------------------------

    /** GeneralHttp.http (Abstract Test 1, /req/core/http): the server speaks HTTP/1.1. */
    @Test
    void http() {
        assertTrue(given().get("/").statusLine().contains("HTTP/1.1"), given().get("/").statusLine());
    }

    // --- core.landingpage.LandingPage ---------------------------------------------------------------

    /**
     * LandingPage.landingPageRetrieval and landingPageValidation (Abstract Tests 3, 4): 200 for JSON, with
     * service-desc or service-doc, conformance and data links.
     */
    @Test
    void landingPageRetrievalAndValidation() {
        Set<Object> rels = new HashSet<>();
        linksOf(Ets.get("/", JSON), "links").forEach(l -> rels.add(l.get("rel")));
        assertTrue((rels.contains("service-desc") || rels.contains("service-doc")) && rels.contains("conformance")
                && rels.contains("data"), "landing page link relations: " + rels);
    }

    // --- core.apidefinition.ApiDefinition -----------------------------------------------------------

    /**
     * ApiDefinition.openapiDocumentRetrieval and apiDefinitionValidation (Abstract Tests 5, 6): the
     * service-desc link of type {@value Ets#OPEN_API_MIME_TYPE} answers 200 with a document the KaiZen
     * OpenAPI 3 parser reads without a validation item.
     */
    @Test
    void openapiDocumentRetrievalAndApiDefinitionValidation() {
        assertNotNull(Ets.serviceDescHref(), "no service-desc link of type " + OPEN_API_MIME_TYPE);
        OpenApi3 api = Ets.apiModel();
        StringBuilder items = new StringBuilder();
        api.getValidationItems().forEach(i -> items.append("\n  - ").append(i.getSeverity()).append(": ").append(i));
        assertTrue(api.isValid(), "API definition document is not valid:" + items);
    }

    // --- core.conformance.Conformance ---------------------------------------------------------------

    /**
     * Conformance.validateConformanceOperationAndResponse (Abstract Tests 7, 8): the OpenAPI document has
     * the /conformance path, which answers 200 with conformsTo, strings only, including Core.
     */
    @Test
    void validateConformanceOperationAndResponse() {
        assertNotNull(Ets.apiModel().getPath("/conformance"), "no /conformance path in the OpenAPI document");
        JsonPath json = Ets.get("/conformance", JSON);
        List<Object> conformsTo = json.getList("conformsTo");
        assertNotNull(conformsTo, "Missing member 'conformsTo'.");
        conformsTo.forEach(c -> assertTrue(c instanceof String, "not a string: " + c));
        assertTrue(conformsTo.contains(CORE), "Core is not declared: " + conformsTo);
    }

    // --- core.collections.FeatureCollections --------------------------------------------------------

    /** FeatureCollections.validateFeatureCollectionsMetadataOperation (Abstract Test 9). */
    @Test
    void validateFeatureCollectionsMetadataOperation() {
        assertNotNull(Ets.apiModel().getPath("/collections"), "no /collections path in the OpenAPI document");
        Ets.get("/collections", JSON);
    }

    /**
     * FeatureCollections.validateFeatureCollectionsMetadataOperationResponse_Links (and _Links_v101,
     * _Extent_v101, which assert the same; Abstract Tests 10.1, 11): a typed self link, an alternate link
     * for every other media type the declared classes name, rel and type on each.
     */
    @Test
    void validateFeatureCollectionsMetadataOperationResponse_Links() {
        List<Map<String, Object>> links = linksOf(Ets.get("/collections", JSON), "links");
        assertSelfAndAlternates(links, Ets.otherResourceMediaTypes(Ets.conformsTo(), link(links, "self")), "/collections");
    }

    /** FeatureCollections.validateFeatureCollectionsMetadataOperationResponse_CrsProperty (Abstract Test 10.3). */
    @Test
    void validateFeatureCollectionsMetadataOperationResponse_CrsProperty() {
        JsonPath json = Ets.get("/collections", JSON);
        if (json.get("crs") != null) {
            String first = json.getList("crs", String.class).get(0);
            assertTrue(CRS84.equals(first) || CRS84H.equals(first), "first crs of /collections: " + first);
        }
    }

    /** FeatureCollections.validateFeatureCollectionsMetadataOperationResponse_Content (Abstract Test 10.4). */
    @Test
    void validateFeatureCollectionsMetadataOperationResponse_Content() {
        JsonPath json = Ets.get("/collections", JSON);
        assertFalse(linksOf(json, "links").isEmpty(), "Feature Collections Metadata document does not contain links.");
        assertFalse(linksOf(json, "collections").isEmpty(), "Feature Collections Metadata document does not contain collections.");
    }

    /**
     * FeatureCollections.validateFeatureCollectionsMetadataOperationResponse_Items_v101 (Abstract Test 12):
     * every collection has a non-empty string id, a spatial extent of 4 numbers and a temporal extent of two
     * date-times (both parsed as ZonedDateTime, as JsonUtils.parseTemporalExtent does), and each GeoJSON
     * items link answers a FeatureCollection.
     */
    @Test
    void validateFeatureCollectionsMetadataOperationResponse_Items_v101() {
        for (Map<String, Object> c : Ets.collections()) {
            Object id = c.get("id");
            assertTrue(id instanceof String && !((String) id).isEmpty(), "id: " + id);
            double[] bbox = spatialExtent(c);
            assertTrue(bbox == null || bbox.length == 4, id + ": bbox");
            temporalExtent(c);
            for (Map<String, Object> l : links(c)) {
                if ("items".equals(l.get("rel")) && GEOJSON.equals(l.get("type"))) {
                    assertEquals("FeatureCollection", Ets.get((String) l.get("href"), GEOJSON).getString("type"), id + " items");
                }
            }
        }
    }

    /**
     * FeatureCollections.validateFeatureCollectionsMetadataOperationResponse_Items_Links_v101 (Abstract
     * Test 13): an items link, a href on every link of a supported type, rel and type on every link.
     */
    @Test
    void validateFeatureCollectionsMetadataOperationResponse_Items_Links_v101() {
        List<String> classes = Ets.conformsTo();
        for (Map<String, Object> c : Ets.collections()) {
            List<Map<String, Object>> links = links(c);
            Map<String, Object> items = link(links, "items");
            assertNotNull(items, c.get("id") + ": no items link");
            List<String> supported = Ets.otherResourceMediaTypes(classes, items);
            for (Map<String, Object> l : links) {
                if (supported.contains(l.get("type"))) {
                    assertTrue(l.get("href") instanceof String && !((String) l.get("href")).isEmpty(), c.get("id") + ": " + l);
                }
                assertTrue(hasRelAndType(l), c.get("id") + ": link without rel or type: " + l);
            }
        }
    }

    // --- core.collections.FeatureCollection ---------------------------------------------------------

    /**
     * FeatureCollection.validateFeatureCollectionMetadataOperation and
     * validateFeatureCollectionMetadataResponse (Abstract Tests 11, 12 of v1.0.0): the OpenAPI document has
     * the collection's path; it answers 200 with the same id, title, description and extent as /collections.
     */
    @Test
    void validateFeatureCollectionMetadataOperationAndResponse() {
        OpenApi3 api = Ets.apiModel();
        for (Map<String, Object> c : Ets.collections()) {
            String id = (String) c.get("id");
            assertTrue(api.getPath("/collections/" + id) != null || api.getPath("/collections/{collectionId}") != null,
                    "Could not find collection with id " + id + " in the OpenAPI document");
            JsonPath one = Ets.get("/collections/" + id, JSON);
            for (String property : new String[] {"id", "title", "description"}) {
                assertEquals(c.get(property), one.get(property), id + ": " + property);
            }
            assertEquals(c.get("extent"), one.getMap("extent"), id + ": extent");
        }
    }

    // --- core.collections.Features (and the response checks of AbstractFeatures) ---------------------

    /**
     * Features.validateFeaturesOperation and every validateFeaturesResponse_* (Abstract Tests 13, 2, 22.1,
     * 22.2, 22.4, 22.5, 22.6, 22.7): the GeoJSON items of every collection, checked as AbstractFeatures does.
     */
    @Test
    void validateFeaturesOperationAndResponse() {
        Context ctx = new Context();
        for (Map<String, Object> c : Ets.collections()) {
            JsonPath page = Ets.get(Ets.itemsUrl(c), GEOJSON);
            validateFeaturesResponse(ctx, (String) c.get("id"), page);
        }
    }

    // --- core.collections.FeaturesLimit -------------------------------------------------------------

    /**
     * FeaturesLimit.limitParameterDefinition (Abstract Test 16): for every items path, limit is an optional
     * form-style, non-exploded integer query parameter with a minimum and default of at least 0.
     */
    @Test
    void limitParameterDefinition() {
        OpenApi3 api = Ets.apiModel();
        for (Map<String, Object> c : Ets.collections()) {
            String path = Ets.itemsPath(api, (String) c.get("id"));
            Parameter limit = Ets.parameter(api, path, "limit");
            assertNotNull(limit, "Required limit parameter for collections path '" + path + "' in OpenAPI document is missing");
            assertFormQueryParameter(limit, "limit", path);
            Schema schema = limit.getSchema();
            assertEquals("integer", schema.getType(), path + ": limit schema type");
            assertTrue(schema.getMinimum() != null && schema.getMinimum().intValue() >= 0, path + ": limit minimum " + schema.getMinimum());
            assertTrue(schema.getDefault() instanceof Number && ((Number) schema.getDefault()).intValue() >= 0,
                    path + ": limit default " + schema.getDefault());
        }
    }

    /**
     * FeaturesLimit.validateFeaturesWithLimitOperation, validateFeaturesWithLimitResponse and the
     * validateFeaturesWithLimitResponse_* checks (Abstract Tests 13, 17, 2, 22): limit = the minimum and
     * limit = halfway to the maximum (at most 100) answer 200 with at most that many features.
     */
    @Test
    void validateFeaturesWithLimitOperationAndResponse() {
        OpenApi3 api = Ets.apiModel();
        Context ctx = new Context();
        for (Map<String, Object> c : Ets.collections()) {
            String id = (String) c.get("id");
            Schema schema = Ets.parameter(api, Ets.itemsPath(api, id), "limit").getSchema();
            int min = schema.getMinimum().intValue();
            int max = schema.getMaximum() == null ? -1 : schema.getMaximum().intValue();
            List<Integer> limits = new ArrayList<>(List.of(min));
            if (min != max) {
                limits.add(Math.min(100, min + (max - min) / 2));
            }
            for (int limit : limits) {
                JsonPath page = Ets.json(Ets.ok(given().accept(GEOJSON).queryParam("limit", limit).get(Ets.itemsUrl(c)), id));
                int expected = max > 0 && limit > max ? max : limit;
                int n = page.getList("features").size();
                assertTrue(n <= expected, id + ": " + n + " features for limit " + limit);
                validateFeaturesResponse(ctx, id, page);
            }
        }
    }

    // --- core.collections.FeaturesBBox --------------------------------------------------------------

    /**
     * FeaturesBBox.boundingBoxParameterDefinition (Abstract Test 14/18): bbox is an optional form-style,
     * non-exploded array of 4 to 6 numbers, {@code minItems: 4, maxItems: 6} at the top of its schema.
     */
    @Test
    void boundingBoxParameterDefinition() {
        OpenApi3 api = Ets.apiModel();
        for (Map<String, Object> c : Ets.collections()) {
            String path = Ets.itemsPath(api, (String) c.get("id"));
            Parameter bbox = Ets.parameter(api, path, "bbox");
            assertNotNull(bbox, "Required bbox parameter for collections path '" + path + "' in OpenAPI document is missing");
            assertFormQueryParameter(bbox, "bbox", path);
            Schema schema = bbox.getSchema();
            assertEquals("array", schema.getType(), path + ": bbox schema type");
            // /req/core/fc-bbox-definition: minItems 4 and maxItems 6 at the schema's top level; the ETS reads
            // exactly these two (a oneOf of 4 and 6 items, as some servers write it, fails it).
            assertNotNull(schema.getMinItems(), path + ": bbox schema minItems");
            assertEquals(Integer.valueOf(4), schema.getMinItems(), path + ": bbox minItems");
            assertNotNull(schema.getMaxItems(), path + ": bbox schema maxItems");
            assertEquals(Integer.valueOf(6), schema.getMaxItems(), path + ": bbox maxItems");
            List<Schema> oneOf = schema.getOneOfSchemas();
            assertTrue(oneOf == null || oneOf.isEmpty(), path + ": bbox schema has no oneOf");
            assertEquals("number", schema.getItemsSchema().getType(), path + ": bbox items type");
        }
    }

    /**
     * FeaturesBBox.validateFeaturesWithBoundingBoxOperation, validateFeaturesWithBoundingBoxResponse and
     * the _* response checks (Abstract Tests 13/17, 15/19, 2, 22/26): the collection's extent and the
     * ETS's boxes across the meridian, the equator, the antimeridian and both poles answer 200, every
     * returned geometry (up to {@value Ets#FEATURES_LIMIT}) intersects the box and lies in CRS84.
     */
    @Test
    void validateFeaturesWithBoundingBoxOperationAndResponse() {
        Context ctx = new Context();
        for (Map<String, Object> c : Ets.collections()) {
            String id = (String) c.get("id");
            double[] extent = spatialExtent(c);
            if (extent == null) {
                continue;
            }
            for (double[] box : List.of(extent, new double[] {-1.5, 50.0, 1.5, 53.0}, new double[] {-80.0, -5.0, -70.0, 5.0},
                    new double[] {177.0, 65.0, -177.0, 70.0}, new double[] {-180.0, 85.0, 180.0, 90.0},
                    new double[] {-180.0, -90.0, 180.0, -85.0})) {
                JsonPath page = Ets.json(Ets.ok(given().accept(GEOJSON).queryParam("bbox", Ets.query(box)).get(Ets.itemsUrl(c)),
                        id + " bbox " + Ets.query(box)));
                List<Geometry> boxes = Ets.boxes(box);
                int count = 0;
                for (Map<String, Object> f : features(page)) {
                    Geometry g = Ets.geometry(f);
                    if (g == null || count++ >= FEATURES_LIMIT) {
                        continue;
                    }
                    assertTrue(boxes.stream().anyMatch(b -> b.intersects(g)),
                            id + ": geometry " + g + " outside bounding box " + Ets.query(box));
                }
                validateFeaturesResponse(ctx, id, page);
            }
        }
    }

    /**
     * The antimeridian box of FeaturesBBox, made to select something: a box from 170°E across the
     * antimeridian to Zwolle selects exactly what the box from 180°W to the same edge selects.
     */
    @Test
    void boxesAcrossTheAntimeridianSelectBothSides() {
        String across = "/collections/buurten/items?limit=1000&bbox=170,52.4,6.1,52.6";
        String west = "/collections/buurten/items?limit=1000&bbox=-180,52.4,6.1,52.6";
        List<Object> acrossIds = Ets.get(across, GEOJSON).getList("features.id");
        assertFalse(acrossIds.isEmpty(), "the box reaches Zwolle from the west");
        assertEquals(Ets.get(west, GEOJSON).getList("features.id"), acrossIds);
        assertTrue(Ets.get("/collections/buurten/items?limit=1000&bbox=170,52.4,175,52.6", GEOJSON).getList("features").isEmpty());
    }

    // --- core.collections.FeaturesTime --------------------------------------------------------------

    /**
     * FeaturesTime.timeParameterDefinition (Abstract Test 18): datetime is an optional form-style,
     * non-exploded string query parameter.
     */
    @Test
    void timeParameterDefinition() {
        OpenApi3 api = Ets.apiModel();
        for (Map<String, Object> c : Ets.collections()) {
            String path = Ets.itemsPath(api, (String) c.get("id"));
            Parameter datetime = Ets.parameter(api, path, "datetime");
            assertNotNull(datetime, "Required datetime parameter for collections with path '" + path + "' in OpenAPI document is missing");
            assertFormQueryParameter(datetime, "datetime", path);
            assertEquals("string", datetime.getSchema().getType(), path + ": datetime schema type");
        }
    }

    /**
     * FeaturesTime.validateFeaturesWithDateTimeOperation and the _* response checks (Abstract Tests 13, 19,
     * 2, 22): from each collection's temporal extent, the start instant, the interval from a quarter to half
     * of the extent, and a date with a duration (ISO 8601 {@code date/P2D}) answer 200 with valid pages.
     */
    @Test
    void validateFeaturesWithDateTimeOperationAndResponse() {
        Context ctx = new Context();
        for (Map<String, Object> c : Ets.collections()) {
            String id = (String) c.get("id");
            ZonedDateTime[] extent = temporalExtent(c);
            if (extent == null) {
                continue;
            }
            Duration quarter = Duration.between(extent[0], extent[1]).dividedBy(4);
            ZonedDateTime from = extent[0].plus(quarter);
            ZonedDateTime to = from.plus(quarter);
            LocalDate day = from.toLocalDate();
            for (String datetime : List.of(DateTimeFormatter.ISO_INSTANT.format(extent[0]),
                    DateTimeFormatter.ISO_INSTANT.format(from) + "/" + DateTimeFormatter.ISO_INSTANT.format(to),
                    DateTimeFormatter.ISO_DATE.format(day) + "/" + java.time.Period.between(day, day.plusDays(2)))) {
                JsonPath page = Ets.json(Ets.ok(given().accept(GEOJSON).queryParam("datetime", datetime).get(Ets.itemsUrl(c)),
                        id + " datetime " + datetime));
                validateFeaturesResponse(ctx, id, page);
            }
            // the start instant of the extent selects the features that began then: not none
            assertFalse(Ets.get(Ets.itemsUrl(c) + "?datetime=" + DateTimeFormatter.ISO_INSTANT.format(extent[0]), GEOJSON)
                    .getList("features").isEmpty(), id + ": nothing valid at the start of the temporal extent");
        }
    }

    // --- core.collections.Feature -------------------------------------------------------------------

    /**
     * Feature.featureOperation and validateFeatureResponse (Abstract Tests 27/31, 28/32, 29/33): the first
     * feature of every collection, fetched by id as GeoJSON, has typed self, alternate (every other
     * feature media type) and collection links.
     */
    @Test
    void featureOperationAndValidateFeatureResponse() {
        List<String> classes = Ets.conformsTo();
        int tested = 0;
        for (Map<String, Object> c : Ets.collections()) {
            String items = Ets.itemsUrl(c);
            Object featureId = Ets.get(items, GEOJSON).get("features[0].id");
            if (featureId == null) {
                continue; // an empty collection: "No featureId available", skipped by the ETS
            }
            tested++;
            String url = (items.contains("?") ? items.substring(0, items.indexOf('?')) : items) + "/" + featureId;
            JsonPath feature = Ets.get(url, GEOJSON);
            List<Map<String, Object>> links = linksOf(feature, "links");
            Map<String, Object> self = link(links, "self");
            assertNotNull(self, url + ": Feature Response must include a link for itself");
            assertTrue(hasRelAndType(self), url + ": Link to itself must include a rel and type parameter");
            assertAlternates(links, Ets.featureMediaTypes(classes, self), url);
            Map<String, Object> collection = link(links, "collection");
            assertNotNull(collection, url + ": Feature Response must include a link for the feature collection");
            assertTrue(hasRelAndType(collection), url + ": Link to feature collection must include a rel and type parameter");
            for (Map<String, Object> l : links) {
                if (Set.of("self", "alternate", "collection").contains(l.get("rel"))) {
                    assertTrue(hasRelAndType(l), url + ": " + l);
                }
            }
        }
        assertTrue(tested >= 8, "No feature Ids found in tested collections.");
    }

    // --- core.collections.FeaturesErrorConditions ---------------------------------------------------

    /**
     * FeaturesErrorConditions.validateFeaturesOperation_QueryParamInvalid and _QueryParamUnknown
     * (Abstract Tests 20, 21): limit=unlimited and an unknown parameter are 400 on every collection.
     */
    @Test
    void validateFeaturesOperation_QueryParamInvalidAndUnknown() {
        OpenApi3 api = Ets.apiModel();
        for (Map<String, Object> c : Ets.collections()) {
            String id = (String) c.get("id");
            String items = Ets.itemsUrl(c);
            assertEquals(400, given().accept(GEOJSON).queryParam("limit", "unlimited").get(items).statusCode(), id);
            String unknown = "unknownQueryParameter" + (10000 + new java.util.Random().nextInt(10000));
            assertEquals(null, Ets.parameter(api, Ets.itemsPath(api, id), unknown), id + ": " + unknown + " is in the OpenAPI");
            assertEquals(400, given().accept(GEOJSON).queryParam(unknown, 1).get(items).statusCode(), id + " " + unknown);
        }
    }

    // --- helpers --------------------------------------------------------------------------------------

    /** Per-test state: the conformance classes, read once. */
    private static final class Context {
        final List<String> classes = Ets.conformsTo();
        final OpenApi3 api = Ets.apiModel();
    }

    /** AbstractFeatures' response checks, all of them, on one items response. */
    private static void validateFeaturesResponse(Context ctx, String id, JsonPath page) {
        // validateTypeProperty, validateFeaturesProperty
        assertEquals("FeatureCollection", page.getString("type"), id + ": type");
        assertNotNull(page.getList("features"), id + ": features property is missing");
        // validateLinks: typed self, an alternate per other feature media type, rel and type on self/alternate
        List<Map<String, Object>> links = linksOf(page, "links");
        Map<String, Object> self = link(links, "self");
        assertNotNull(self, id + ": Feature Collection document must include a link for itself");
        assertAlternates(links, Ets.featureMediaTypes(ctx.classes, self), id);
        for (Map<String, Object> l : links) {
            if ("self".equals(l.get("rel")) || "alternate".equals(l.get("rel"))) {
                assertTrue(hasRelAndType(l), id + ": " + l);
            }
        }
        // validateTimeStamp (skipped by the ETS when absent; Tweeling always sends it)
        String timeStamp = page.getString("timeStamp");
        assertNotNull(timeStamp, id + ": timeStamp");
        ZonedDateTime.parse(timeStamp);
        // validateNumberReturned
        assertEquals(page.getList("features").size(), page.getInt("numberReturned"), id + ": numberReturned");
        // validateNumberMatched: the features of all pages (next links, limit = the OpenAPI maximum)
        if (page.get("numberMatched") != null && page.getInt("numberMatched") <= NUMBERMATCHED_LIMIT) {
            Schema limit = Ets.parameter(ctx.api, Ets.itemsPath(ctx.api, id), "limit").getSchema();
            assertEquals(page.getInt("numberMatched"), countAllPages(page, limit.getMaximum().intValue()), id + ": numberMatched");
        }
        // validateGeometriesInCrs84
        int count = 0;
        for (Map<String, Object> f : features(page)) {
            Geometry g = Ets.geometry(f);
            if (g != null && count++ < FEATURES_LIMIT) {
                Ets.assertInCrs84(g, id + ": feature " + f.get("id") + " outside CRS84");
            }
        }
    }

    /** JsonUtils.collectNumberOfAllReturnedFeatures, following every next link (the ETS stops after a few). */
    private static int countAllPages(JsonPath first, int maximumLimit) {
        int n = first.getList("features").size();
        Map<String, Object> next = link(linksOf(first, "links"), "next");
        Set<String> seen = new HashSet<>();
        while (next != null) {
            String href = (String) next.get("href");
            assertTrue(seen.add(href), "a next link repeats: " + href);
            // as the ETS does: split the link's query at & and =, and send each value again (encoded again)
            // with limit set to the OpenAPI maximum
            java.net.URI uri = java.net.URI.create(href);
            var request = given().accept(GEOJSON);
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (!"limit".equals(pair.substring(0, eq))) {
                    request.queryParam(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            String base = href.substring(0, href.indexOf('?'));
            Response r = Ets.ok(request.queryParam("limit", maximumLimit).get(base), href + " (as the ETS sends it)");
            JsonPath page = Ets.json(r);
            int features = page.getList("features").size();
            if (features == 0) {
                break;
            }
            n += features;
            next = link(linksOf(page, "links"), "next");
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> features(JsonPath page) {
        return (List<Map<String, Object>>) (List<?>) page.getList("features");
    }

    private static void assertSelfAndAlternates(List<Map<String, Object>> links, List<String> others, String what) {
        Map<String, Object> self = link(links, "self");
        assertNotNull(self, what + ": must include a link for itself");
        assertTrue(hasRelAndType(self), what + ": Link to itself must include a rel and type parameter");
        assertAlternates(links, others, what);
    }

    private static void assertAlternates(List<Map<String, Object>> links, List<String> mediaTypes, String what) {
        List<String> missing = new ArrayList<>(mediaTypes);
        for (Map<String, Object> l : links) {
            if ("alternate".equals(l.get("rel"))) {
                assertTrue(hasRelAndType(l), what + ": alternate link without type: " + l);
                missing.remove(l.get("type"));
            }
        }
        assertTrue(missing.isEmpty(), what + ": must include links for alternate encodings. Missing links for types " + missing);
    }

    private static void assertFormQueryParameter(Parameter p, String name, String path) {
        assertEquals(name, p.getName(), path);
        assertEquals("query", p.getIn(), path + ": " + name + " in");
        assertFalse(p.getRequired() != null && p.getRequired(), path + ": " + name + " required");
        assertEquals("form", p.getStyle(), path + ": " + name + " style");
        assertFalse(p.getExplode() != null && p.getExplode(), path + ": " + name + " explode");
    }

    /** JsonUtils.parseSpatialExtent: the first bbox of extent.spatial, 4 numbers (6 fail there too). */
    @SuppressWarnings("unchecked")
    private static double[] spatialExtent(Map<String, Object> collection) {
        Map<String, Object> extent = (Map<String, Object>) collection.get("extent");
        if (extent == null || !(extent.get("spatial") instanceof Map)) {
            return null;
        }
        Map<String, Object> spatial = (Map<String, Object>) extent.get("spatial");
        List<Object> bbox = (List<Object>) spatial.get("bbox");
        List<Object> first = bbox.get(0) instanceof List ? (List<Object>) bbox.get(0) : bbox;
        assertEquals(4, first.size(), collection.get("id") + ": BBox with " + first.size() + " coordinates");
        Object crs = spatial.get("crs");
        assertTrue(crs == null || CRS84.equals(crs) || CRS84H.equals(crs), collection.get("id") + ": extent crs " + crs);
        return first.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    /**
     * JsonUtils.parseTemporalExtent: the first interval of extent.temporal, two values that
     * ZonedDateTime.parse accepts (null, an open end, makes the ETS fail there).
     */
    @SuppressWarnings("unchecked")
    private static ZonedDateTime[] temporalExtent(Map<String, Object> collection) {
        Map<String, Object> extent = (Map<String, Object>) collection.get("extent");
        if (extent == null || !(extent.get("temporal") instanceof Map)) {
            return null;
        }
        List<Object> interval = (List<Object>) ((Map<String, Object>) extent.get("temporal")).get("interval");
        List<Object> first = interval.size() == 1 ? (List<Object>) interval.get(0) : interval;
        assertEquals(2, first.size(), collection.get("id") + ": temporal extent with " + first.size() + " items");
        assertNotNull(first.get(0), collection.get("id") + ": temporal extent start");
        assertNotNull(first.get(1), collection.get("id") + ": temporal extent end");
        return new ZonedDateTime[] {ZonedDateTime.parse((String) first.get(0)), ZonedDateTime.parse((String) first.get(1))};
    }
}
