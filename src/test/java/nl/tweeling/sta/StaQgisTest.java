package nl.tweeling.sta;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

import nl.tweeling.support.TestDatabase;

/**
 * QGIS (its SensorThings data provider, QGIS 3.36 and later) reading our Locations and Observations: the exact
 * requests the provider sends, followed the way it follows them, and the features it would build from the answers.
 * Read from QGIS's source (qgis/QGIS, src/core/providers/sensorthings/, read at commit 5bc06fe30ab6 for
 * qgssensorthingsshareddata.cpp and 1d1292acb077 for qgssensorthingsprovider.cpp, the 3.36/3.38 provider; the
 * expansions from qgssensorthingsutils.cpp of 3.38 and later and tests/src/python/test_provider_sensorthings.py
 * of master): each request below names the file and function that sends it.
 * <p>
 * How QGIS spells a request: it builds the URL as text ({@code "%1?$top=%2&$count=false"} and so on) and makes a
 * {@code QUrl} of it in tolerant mode, which percent-encodes spaces (and characters a URL may not hold) but leaves
 * {@code ' $ ( ) ; , / :} as they are; a next link is taken as it came. {@link #qurl} does the same, and every
 * request goes out unencoded otherwise.
 */
@QuarkusTest
class StaQgisTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** QgsSensorThingsUtils::filterForWkbType for Locations as Points (the layer's geometry type, "PointZ"). */
    static final String POINTS = "location/type eq 'Point' or location/geometry/type eq 'Point'";

    /** The same for Polygons. */
    static final String POLYGONS = "location/type eq 'Polygon' or location/geometry/type eq 'Polygon'";

    /** QgsSensorThingsUtils::DEFAULT_PAGE_SIZE and DEFAULT_FEATURE_LIMIT, what the source widget starts with. */
    static final int DEFAULT_PAGE_SIZE = 200;
    static final int DEFAULT_FEATURE_LIMIT = 10000;

    static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

    // ------------------------------------------------------------------ the client, as QGIS is

    /** The root a user types into the connection ("http://host:port/sta/v1.1"). */
    static String root() {
        return RestAssured.baseURI + ":" + RestAssured.port + "/sta/v1.1";
    }

    /**
     * What QUrl(QString) in tolerant mode sends for this text: spaces as %20; {@code ' $ ( ) ; , / : = & ?} and
     * existing %-escapes as they are. A character it would encode otherwise fails the test rather than going out
     * differently from QGIS.
     */
    static String qurl(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == ' ') {
                out.append("%20");
            } else if (c < 128 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@/?%".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                fail("qurl() does not know how QUrl encodes '" + c + "' in " + text);
            }
        }
        return out.toString();
    }

    /** One GET as QgsBlockingNetworkRequest makes it: anything but a 200 with JSON is an error to QGIS. */
    static JsonNode get(String url) {
        String sent = qurl(url);
        Response r = given().urlEncodingEnabled(false).get(sent);
        assertEquals(200, r.statusCode(), "GET " + sent + " → " + r.asString());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        try {
            return JSON.readTree(r.asString());
        } catch (JsonProcessingException e) {
            throw new AssertionError("GET " + sent + " is not JSON", e);
        }
    }

    /**
     * QgsSensorThingsProvider::QgsSensorThingsProvider: GET the root, take the {@code url} of the entity set
     * named {@code name} in {@code value}.
     */
    static String entityBaseUri(String setName) {
        JsonNode rootDoc = get(root());
        assertTrue(rootDoc.has("value"), "No 'value' array in response");
        for (JsonNode set : rootDoc.get("value")) {
            if (set.path("name").asText().equals(setName)) {
                String url = set.path("url").asText();
                assertFalse(url.isEmpty());
                return url;
            }
        }
        throw new AssertionError("Could not find url for " + setName);
    }

    /**
     * QgsSensorThingsSharedData::featureCount (and QgsSensorThingsUtils::availableGeometryTypes, the source
     * widget's "retrieve types" button): {@code $top=0&$count=true}, the filter appended; the answer's @iot.count.
     */
    static long featureCount(String base, String filter) {
        JsonNode page = get(base + "?$top=0&$count=true" + (filter.isEmpty() ? "" : "&$filter=" + filter));
        assertTrue(page.has("@iot.count"), "No '@iot.count' value in response");
        assertTrue(page.get("@iot.count").isIntegralNumber());
        assertTrue(page.get("value").isArray() && page.get("value").isEmpty());
        return page.get("@iot.count").asLong();
    }

    /** QgsSensorThingsUtils::combineFilters: the non-empty ones, each in parentheses, joined by and. */
    static String combine(String... filters) {
        List<String> some = new ArrayList<>();
        for (String f : filters) {
            if (!f.isEmpty()) {
                some.add(f);
            }
        }
        return some.size() == 1 ? some.get(0) : some.isEmpty() ? "" : "(" + String.join(") and (", some) + ")";
    }

    /** QgsSensorThingsUtils::filterForExtent with QgsRectangle::asWktPolygon. */
    static String extent(String field, double xmin, double ymin, double xmax, double ymax) {
        return "geo.intersects(" + field + ", geography'Polygon ((" + n(xmin) + " " + n(ymin) + ", " + n(xmax) + " " + n(ymin)
                + ", " + n(xmax) + " " + n(ymax) + ", " + n(xmin) + " " + n(ymax) + ", " + n(xmin) + " " + n(ymin) + "))')";
    }

    /** qgsDoubleToString: no exponent, no trailing zeros. */
    static String n(double v) {
        String s = java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /** A feature as QgsSensorThingsSharedData::processFeatureRequest builds it. */
    record Feature(String id, String selfLink, Map<String, Object> attributes, JsonNode geometry, JsonNode entity) {
    }

    /**
     * QgsSensorThingsSharedData::processFeatureRequest for one page: the features of {@code value}, the next link.
     * {@code geometryField} is QgsSensorThingsUtils::geometryFieldForEntityType (empty for Observations).
     */
    record Page(List<Feature> features, String nextLink) {
    }

    static Page page(String url, String geometryField) {
        JsonNode doc = get(url);
        assertTrue(doc.has("value"), "No 'value' in response");
        List<Feature> features = new ArrayList<>();
        for (JsonNode e : doc.get("value")) {
            features.add(feature(e, geometryField));
        }
        String next = doc.has("@iot.nextLink") ? doc.get("@iot.nextLink").asText() : null;
        return new Page(features, next);
    }

    static Feature feature(JsonNode e, String geometryField) {
        // getString( featureData, "@iot.id" ): a JSON integer read as int, so an id must be one
        JsonNode id = e.get("@iot.id");
        assertNotNull(id, "every entity needs @iot.id: " + e);
        assertTrue(id.isIntegralNumber() && id.canConvertToInt(), "QGIS reads @iot.id as an int: " + id);
        JsonNode self = e.get("@iot.selfLink");
        assertNotNull(self, "every entity needs @iot.selfLink: " + e);
        Map<String, Object> attributes = new LinkedHashMap<>();
        e.fields().forEachRemaining(f -> attributes.put(f.getKey(), f.getValue()));
        JsonNode geometry = null;
        if (!geometryField.isEmpty()) {
            JsonNode part = e.get(geometryField);
            assertNotNull(part, "no " + geometryField + ": " + e);
            geometry = part.has("geometry") ? part.get("geometry") : part;
        }
        return new Feature(id.asText(), self.asText(), attributes, geometry, e);
    }

    /**
     * QgsSensorThingsSharedData::getFeature (the attribute table, a full read): the first page, then every
     * {@code @iot.nextLink} as it came, until a page is empty, has no next link, or the feature limit is reached.
     * A feature seen before (by @iot.id) is not a new feature to QGIS; here it fails the test.
     */
    static List<Feature> getFeatures(String firstPage, String geometryField, int featureLimit) {
        List<Feature> all = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String next = firstPage;
        while (next != null) {
            Page p = page(next, geometryField);
            if (p.features().isEmpty()) {
                break;
            }
            for (Feature f : p.features()) {
                assertTrue(ids.add(f.id()), "feature " + f.id() + " came twice");
                all.add(f);
                if (all.size() >= featureLimit) {
                    return all;
                }
            }
            next = p.nextLink();
        }
        return all;
    }

    /** The first page QgsSensorThingsSharedData::getFeature asks for. */
    static String firstPage(String base, int pageSize, String filter) {
        return base + "?$top=" + pageSize + "&$count=false" + (filter.isEmpty() ? "" : "&$filter=" + filter);
    }

    private static final Pattern TOP = Pattern.compile("\\$top=\\d+");

    /** QgsSensorThingsSharedData::getFeatureIdsInExtent: a next link with its first {@code $top=N} replaced. */
    static String withTop(String nextLink, int top) {
        Matcher m = TOP.matcher(nextLink);
        assertTrue(m.find(), "a next link QGIS can resize holds $top=N: " + nextLink);
        return nextLink.substring(0, m.start()) + "$top=" + top + nextLink.substring(m.end());
    }

    /** Lon, lat of a GeoJSON point, checked to be one. */
    static double[] lonLat(JsonNode geometry) {
        assertEquals("Point", geometry.path("type").asText(), geometry.toString());
        JsonNode c = geometry.get("coordinates");
        return new double[] {c.get(0).asDouble(), c.get(1).asDouble()};
    }

    // ------------------------------------------------------------------ rows of a test

    /** A location made for a test, at a CRS84 point (or polygon WKT), tagged with the run in its properties. */
    static long location(String run, String name, String wkt) {
        return ((Number) TestDatabase.scalar("INSERT INTO tweeling.location (name, description, geom, properties, source)"
                + " VALUES (?, 'a QGIS test location', ST_Transform(ST_GeomFromText(?, 4326), 28992),"
                + " jsonb_build_object('run', ?::text), 'test') RETURNING id", name, wkt, run)).longValue();
    }

    static String point(double lon, double lat) {
        return "POINT(" + n(lon) + " " + n(lat) + ")";
    }

    static String run() {
        return "qgis-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ------------------------------------------------------------------ Locations

    @Test
    void theRootNamesTheEntitySetsQgisLooksFor() {
        // QgsSensorThingsProvider::QgsSensorThingsProvider: entity base URLs from the root, absolute
        assertEquals(root() + "/Locations", entityBaseUri("Locations"));
        assertEquals(root() + "/Observations", entityBaseUri("Observations"));
        assertEquals(root() + "/FeaturesOfInterest", entityBaseUri("FeaturesOfInterest"));
        // the provider's version: 2.0 only for a 2.0 conformance class in serverSettings, else 1.1
        JsonNode conformance = get(root()).path("serverSettings").path("conformance");
        assertTrue(conformance.toString().contains("/spec/iot_sensing/1.1/"), conformance.toString());
        assertFalse(conformance.toString().contains("/spec/sensorthings/2.0/"), conformance.toString());
    }

    @Test
    void aLocationsLayerCountsPagesAndBuildsItsPoints() {
        String run = run();
        double lon0 = 5.20 + Math.random() * 0.3;
        double lat0 = 52.00 + Math.random() * 0.2;
        Map<Long, double[]> mine = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            double lon = Math.round((lon0 + i * 0.01) * 1e5) / 1e5;
            double lat = Math.round((lat0 + i * 0.005) * 1e5) / 1e5;
            mine.put(location(run, "Meetpunt " + i, point(lon, lat)), new double[] {lon, lat});
        }
        long polygon = location(run, "Meetvlak", "POLYGON((" + n(lon0) + " " + n(lat0) + ", " + n(lon0 + 0.01) + " " + n(lat0)
                + ", " + n(lon0 + 0.01) + " " + n(lat0 + 0.01) + ", " + n(lon0) + " " + n(lat0) + "))");
        // the layer's provider feature filter (its subset string): only this run's rows, so counts are exact
        String subset = "properties/run eq '" + run + "'";
        String base = entityBaseUri("Locations");

        // QgsSensorThingsUtils::availableGeometryTypes ("retrieve types"): counts per geometry type
        assertEquals(5, featureCount(base, combine(POINTS, subset)));
        assertEquals(1, featureCount(base, combine(POLYGONS, subset)));
        assertEquals(0, featureCount(base, combine("location/type eq 'LineString' or location/geometry/type eq 'LineString'",
                subset)));
        // the type filter alone, over every location (QgsSensorThingsSharedData::featureCount without subset)
        assertTrue(featureCount(base, POINTS) >= 5);

        // QgsSensorThingsSharedData::getFeature with pageSize=2: three pages, followed by their next links
        List<Feature> features = getFeatures(firstPage(base, 2, combine(POINTS, subset)), "location", DEFAULT_FEATURE_LIMIT);
        assertEquals(List.copyOf(mine.keySet()).stream().map(String::valueOf).toList(),
                features.stream().map(Feature::id).toList());
        for (Feature f : features) {
            long id = Long.parseLong(f.id());
            assertEquals(root() + "/Locations(" + id + ")", f.selfLink());
            assertTrue(f.attributes().get("name") instanceof JsonNode name && name.asText().startsWith("Meetpunt "));
            assertEquals("a QGIS test location", ((JsonNode) f.attributes().get("description")).asText());
            assertEquals(run, ((JsonNode) f.attributes().get("properties")).path("run").asText());
            // the geometry in lon/lat (EPSG:4326, as QGIS takes GeoJSON)
            double[] ll = lonLat(f.geometry());
            assertEquals(mine.get(id)[0], ll[0], 1e-6, "longitude first");
            assertEquals(mine.get(id)[1], ll[1], 1e-6);
        }
        assertFalse(features.stream().anyMatch(f -> f.id().equals(String.valueOf(polygon))));

        // a Polygons layer of the same source gets the polygon, and only it
        List<Feature> polygons = getFeatures(firstPage(base, DEFAULT_PAGE_SIZE, combine(POLYGONS, subset)), "location",
                DEFAULT_FEATURE_LIMIT);
        assertEquals(List.of(String.valueOf(polygon)), polygons.stream().map(Feature::id).toList());
        assertEquals("Polygon", polygons.get(0).geometry().path("type").asText());
    }

    @Test
    void theMapExtentFilterReturnsExactlyTheLocationsInsideIt() {
        String run = run();
        double x0 = Math.round((4.60 + Math.random() * 0.3) * 1e4) / 1e4;
        double y0 = Math.round((51.60 + Math.random() * 0.2) * 1e4) / 1e4;
        double x1 = x0 + 0.02;
        double y1 = y0 + 0.01;
        Set<String> inside = new HashSet<>();
        inside.add(String.valueOf(location(run, "in 1", point(x0 + 0.001, y0 + 0.001))));
        inside.add(String.valueOf(location(run, "in 2", point(x0 + 0.010, y0 + 0.005))));
        inside.add(String.valueOf(location(run, "in 3", point(x1 - 0.0001, y1 - 0.0001))));
        Set<String> outside = new HashSet<>();
        outside.add(String.valueOf(location(run, "west", point(x0 - 0.0002, y0 + 0.005))));
        outside.add(String.valueOf(location(run, "north", point(x0 + 0.010, y1 + 0.0002))));
        String base = entityBaseUri("Locations");

        // QgsSensorThingsSharedData::getFeatureIdsInExtent: type filter and map extent, the layer's page size
        String url = firstPage(base, DEFAULT_PAGE_SIZE, combine(POINTS, extent("location", x0, y0, x1, y1)));
        List<Feature> found = getFeatures(url, "location", DEFAULT_FEATURE_LIMIT);
        Set<String> ids = new HashSet<>();
        for (Feature f : found) {
            ids.add(f.id());
            double[] ll = lonLat(f.geometry());
            assertTrue(ll[0] >= x0 && ll[0] <= x1 && ll[1] >= y0 && ll[1] <= y1,
                    "location " + f.id() + " at " + ll[0] + " " + ll[1] + " is outside the extent");
        }
        assertTrue(ids.containsAll(inside), ids + " lacks some of " + inside);
        assertTrue(ids.stream().noneMatch(outside::contains), ids + " holds some of " + outside);
        // with the run as subset string: exactly the three
        String subset = "properties/run eq '" + run + "'";
        assertEquals(inside, new HashSet<>(getFeatures(firstPage(base, DEFAULT_PAGE_SIZE,
                combine(POINTS, extent("location", x0, y0, x1, y1), subset)), "location", DEFAULT_FEATURE_LIMIT)
                .stream().map(Feature::id).toList()));

        // the extent QGIS starts from (a layer's extent is the world until all is read), a zoomed-out canvas
        // beyond it and a view of Europe, which RD New cannot hold, and one of the whole Netherlands: all five
        Set<String> five = new HashSet<>(inside);
        five.addAll(outside);
        for (double[] box : new double[][] {{-180, -90, 180, 90}, {-250.5, -120, 250.5, 120}, {-20, 30, 40, 70},
                {3, 50.5, 7.5, 54}}) {
            String view = extent("location", box[0], box[1], box[2], box[3]);
            List<Feature> world = getFeatures(firstPage(base, DEFAULT_PAGE_SIZE, combine(POINTS, view, subset)), "location",
                    DEFAULT_FEATURE_LIMIT);
            assertEquals(five, new HashSet<>(world.stream().map(Feature::id).toList()), view);
        }
    }

    @Test
    void aFeatureLimitShrinksTheTopOfTheNextLink() {
        String run = run();
        double x0 = Math.round((5.60 + Math.random() * 0.2) * 1e4) / 1e4;
        double y0 = Math.round((51.70 + Math.random() * 0.2) * 1e4) / 1e4;
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            mine.add(String.valueOf(location(run, "p" + i, point(x0 + i * 0.001, y0))));
        }
        String base = entityBaseUri("Locations");
        String filter = combine(POINTS, extent("location", x0 - 0.01, y0 - 0.01, x0 + 0.01, y0 + 0.01),
                "properties/run eq '" + run + "'");
        // pageSize=2 featureLimit=3: the first page of 2, then the next link with $top=1 (3 − 2), as
        // QgsSensorThingsSharedData::getFeatureIdsInExtent rewrites it, then no more requests
        Page first = page(firstPage(base, 2, filter), "location");
        assertEquals(mine.subList(0, 2), first.features().stream().map(Feature::id).toList());
        assertNotNull(first.nextLink());
        Page second = page(withTop(first.nextLink(), 1), "location");
        assertEquals(mine.subList(2, 3), second.features().stream().map(Feature::id).toList());
        // and the next link still works at any $top: the rest
        Page rest = page(withTop(second.nextLink(), 200), "location");
        assertEquals(mine.subList(3, 4), rest.features().stream().map(Feature::id).toList());
        assertEquals(null, rest.nextLink());
    }

    @Test
    void aFeaturesOfInterestLayerReadsFeatureAndADatastreamsLayerObservedArea() {
        StaFixture f = new StaFixture("NO2", 204700, 504700, T0, 1);
        // QGIS 4.0 (master) also reads Datastreams as a geometry layer, by observedArea
        String datastreams = entityBaseUri("Datastreams");
        String dsSubset = "name eq 'Datastream " + f.tag + "'";
        String area = "observedArea/type eq '%1$s' or observedArea/geometry/type eq '%1$s'";
        assertEquals(1, featureCount(datastreams, combine(String.format(area, "Point"), dsSubset)));
        assertEquals(0, featureCount(datastreams, combine(String.format(area, "Polygon"), dsSubset)));

        String base = entityBaseUri("FeaturesOfInterest");
        String points = "feature/type eq 'Point' or feature/geometry/type eq 'Point'";
        String subset = "name eq 'Thing " + f.tag + "'";
        assertEquals(1, featureCount(base, combine(points, subset)));
        List<Feature> foi = getFeatures(firstPage(base, DEFAULT_PAGE_SIZE,
                combine(points, extent("feature", 6.0, 52.4, 6.3, 52.6), subset)), "feature", DEFAULT_FEATURE_LIMIT);
        assertEquals(List.of(String.valueOf(f.featureOfInterest())), foi.stream().map(Feature::id).toList());
        double[] ll = lonLat(foi.get(0).geometry());
        assertTrue(ll[0] > 6.0 && ll[0] < 6.3 && ll[1] > 52.4 && ll[1] < 52.6, ll[0] + " " + ll[1]);
    }

    // ------------------------------------------------------------------ Observations

    @Test
    void anObservationsLayerCountsAndReadsTheSeries() {
        StaFixture f = new StaFixture("NO2", 204800, 504800, T0, 5);
        String base = entityBaseUri("Observations");

        // QgsSensorThingsSharedData::featureCount: all observations, exact (no geometry, so no type filter)
        long counted = -1;
        long api = -2;
        for (int attempt = 0; attempt < 3 && counted != api; attempt++) {
            long before = TestDatabase.count("SELECT count(*) FROM tweeling.observation");
            api = featureCount(base, "");
            counted = TestDatabase.count("SELECT count(*) FROM tweeling.observation");
            if (before != counted) {
                counted = -1;
            }
        }
        assertEquals(counted, api);

        // the first pages of the default layer (all observations, in the order they arrived: by id, which the
        // id index gives without sorting the table): 200 each, linked, none twice
        Page p1 = page(firstPage(base, DEFAULT_PAGE_SIZE, ""), "");
        assertEquals(Math.min(api, DEFAULT_PAGE_SIZE), p1.features().size());
        List<Long> ids = new ArrayList<>(p1.features().stream().map(x -> Long.parseLong(x.id())).toList());
        if (api > DEFAULT_PAGE_SIZE) {
            Page p2 = page(p1.nextLink(), "");
            assertEquals(Math.min(api - DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE), p2.features().size());
            ids.addAll(p2.features().stream().map(x -> Long.parseLong(x.id())).toList());
        }
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i - 1) < ids.get(i), "by id: " + ids.get(i - 1) + " then " + ids.get(i));
        }
        assertEquals(TestDatabase.count("SELECT min(id) FROM tweeling.observation"), ids.get(0).longValue());

        // this datastream's series through the layer's filter (its subset string), pageSize=2: three pages
        String subset = "Datastream/name eq 'Datastream " + f.tag + "'";
        assertEquals(5, featureCount(base, subset));
        List<Feature> series = getFeatures(firstPage(base, 2, subset), "", DEFAULT_FEATURE_LIMIT);
        assertEquals(5, series.size());
        for (int i = 0; i < 5; i++) {
            Feature o = series.get(i);
            assertEquals(String.valueOf(f.observation(i)), o.id());
            assertEquals(root() + "/Observations(" + f.observation(i) + ")", o.selfLink());
            // phenomenonTime: an instant (QGIS before its fix for instants leaves phenomenonTimeStart/End empty;
            // after it both are this instant) or "start/end"
            Instant[] time = range(o.entity().get("phenomenonTime").asText());
            assertEquals(T0.plus(Duration.ofHours(i)), time[0]);
            assertEquals(time[0], time[1]);
            // result: QGIS shows its text, QString::number
            assertTrue(o.entity().get("result").isNumber());
            assertEquals(i, o.entity().get("result").asDouble(), 0);
            // the other fields QGIS reads may be null, never of another type
            assertTrue(o.entity().path("resultTime").isNull() || o.entity().path("resultTime").isTextual());
            assertTrue(o.entity().path("validTime").isMissingNode() || o.entity().path("validTime").isNull());
            assertTrue(o.entity().path("parameters").isMissingNode() || o.entity().path("parameters").isNull()
                    || o.entity().path("parameters").isObject());
        }
    }

    @Test
    void observationsExpandedToTheirDatastream() {
        StaFixture f = new StaFixture("NO2", 204900, 504900, T0, 3);
        String base = entityBaseUri("Observations");
        // expandTo='Datastream' with the widget's default (QgsSensorThingsExpansionDefinition::
        // defaultDefinitionForEntity: limit 10), QgsSensorThingsUtils::asQueryString: to-one, so singular
        String url = base + "?$top=2&$count=false&$expand=Datastream($top=10)&$filter=Datastream/id eq " + f.datastream;
        List<Feature> rows = getFeatures(url, "", DEFAULT_FEATURE_LIMIT);
        assertEquals(3, rows.size(), "the expansion survives the next link");
        for (Feature o : rows) {
            JsonNode ds = o.entity().get("Datastream");
            assertTrue(ds != null && ds.isObject(), o.entity().toString());
            assertEquals(f.datastream, ds.get("@iot.id").asLong());
            assertEquals(root() + "/Datastreams(" + f.datastream + ")", ds.get("@iot.selfLink").asText());
            assertEquals("Datastream " + f.tag, ds.get("name").asText());
            assertTrue(ds.get("unitOfMeasurement").isObject());
            assertTrue(ds.get("properties").isObject());
            // Datastream_phenomenonTimeStart / End: a "start/end" interval
            Instant[] time = range(ds.get("phenomenonTime").asText());
            assertEquals(T0, time[0]);
            assertEquals(T0.plus(Duration.ofHours(2)), time[1]);
        }
    }

    @Test
    void locationsExpandedToTheLatestObservationsOfTheirThings() {
        StaFixture f = new StaFixture("NO2", 205000, 505000, T0, 4);
        String base = entityBaseUri("Locations");
        // expandTo Thing > Datastream > Observation with the widget's defaults (limits 100, 10, 100; Observations
        // by phenomenonTime descending), in the map extent, with a provider feature filter on the name
        String expand = "$expand=Things($top=100;$expand=Datastreams($top=10;"
                + "$expand=Observations($orderby=phenomenonTime desc;$top=100)))";
        String filter = combine(POINTS, extent("location", 6.0, 52.4, 6.3, 52.6), "name eq 'Thing " + f.tag + "'");
        List<Feature> locations = getFeatures(base + "?$top=" + DEFAULT_PAGE_SIZE + "&$count=false&" + expand
                + "&$filter=" + filter, "location", DEFAULT_FEATURE_LIMIT);
        assertEquals(List.of(String.valueOf(f.location)), locations.stream().map(Feature::id).toList());
        // QGIS stacks one feature per innermost entity: here one per observation, newest first
        List<Double> results = new ArrayList<>();
        for (JsonNode thing : locations.get(0).entity().get("Things")) {
            assertEquals(f.thing, thing.get("@iot.id").asLong());
            for (JsonNode ds : thing.get("Datastreams")) {
                assertEquals(f.datastream, ds.get("@iot.id").asLong());
                for (JsonNode o : ds.get("Observations")) {
                    assertNotNull(o.get("@iot.id"));
                    results.add(o.get("result").asDouble());
                }
            }
        }
        assertEquals(List.of(3.0, 2.0, 1.0, 0.0), results);
    }

    /** QGIS's reading of a time: "start/end", or (after its fix for instants) one instant as both ends. */
    static Instant[] range(String text) {
        String[] parts = text.split("/");
        assertTrue(parts.length == 1 || parts.length == 2, text);
        Instant start = Instant.parse(parts[0]);
        Instant end = Instant.parse(parts[parts.length - 1]);
        assertTrue(text.toUpperCase(Locale.ROOT).endsWith("Z"), "ISO 8601 in UTC: " + text);
        return new Instant[] {start, end};
    }
}
