package nl.tweeling.feature.ets;

import static io.restassured.RestAssured.given;
import static nl.tweeling.feature.ets.Ets.CRS84;
import static nl.tweeling.feature.ets.Ets.CRS84H;
import static nl.tweeling.feature.ets.Ets.CRS_CLASS;
import static nl.tweeling.feature.ets.Ets.GEOJSON;
import static nl.tweeling.feature.ets.Ets.JSON;
import static nl.tweeling.feature.ets.Ets.UNSUPPORTED_CRS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import nl.tweeling.support.TestDatabase;

/**
 * The assertions of the OGC API – Features Part 2 (CRS by reference) part of the executable test suite
 * (opengeospatial/ets-ogcapi-features10, package {@code conformance.crs}), made against Tweeling for every
 * collection and every CRS it lists. Each test is named after the ETS class it mirrors; transformations are
 * checked against PostGIS's ST_Transform instead of the ETS's proj4j (within 5 cm here; CrsTest holds
 * the 1 cm bound).
 */
@QuarkusTest
class EtsPart2CrsChecksTest {

    /** OGC http CRS URIs: http://www.opengis.net/def/crs/{authority}/{version}/{code} (OGC-NA name type spec). */
    private static final Pattern OGC_CRS_URI = Pattern.compile("http://www\\.opengis\\.net/def/crs/([A-Za-z0-9]+)/([0-9.]+)/([A-Za-z0-9]+)");

    /** CrsRequirementClassPrecondition: the CRS class is declared, or the ETS skips the whole part. */
    @Test
    void crsRequirementClassIsDeclared() {
        assertTrue(Ets.conformsTo().contains(CRS_CLASS), "conformsTo lacks " + CRS_CLASS);
    }

    /**
     * DiscoveryCollectionsCrsUri and DiscoveryCollectionCrsUri (Abstract Test 1, /conf/crs/crs-uri): every
     * crs and storageCrs value in /collections and /collections/{id} is a valid OGC CRS URI.
     */
    @Test
    void discoveryCollectionsAndCollectionCrsUri() {
        for (Map<String, Object> c : Ets.collections()) {
            for (Object object : List.of(c, Ets.get("/collections/" + c.get("id"), JSON).getMap("$"))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> collection = (Map<String, Object>) object;
                List<String> crs = crsList(collection);
                assertTrue(!crs.isEmpty(), c.get("id") + ": no crs list");
                for (String uri : crs) {
                    assertValidCrsUri(uri, c.get("id") + " crs");
                }
                if (collection.get("storageCrs") != null) {
                    assertValidCrsUri((String) collection.get("storageCrs"), c.get("id") + " storageCrs");
                }
            }
        }
    }

    /**
     * DiscoveryCollectionsDefaultCrs and DiscoveryCollectionDefaultCrs (Abstract Test 2,
     * /conf/crs/default-crs): every spatial collection lists CRS84 (or CRS84h), in both paths.
     */
    @Test
    void discoveryCollectionsAndCollectionDefaultCrs() {
        for (Map<String, Object> c : Ets.collections()) {
            if (extent(c) == null) {
                continue; // not a spatial collection (yet): the ETS skips it too
            }
            for (List<String> crs : List.of(crsList(c), Ets.get("/collections/" + c.get("id"), JSON).getList("crs", String.class))) {
                assertTrue(crs.contains(CRS84) || crs.contains(CRS84H), c.get("id") + ": default CRS missing from " + crs);
            }
        }
    }

    /**
     * DiscoveryCollectionsStorageCrs and DiscoveryCollectionStorageCrs (Abstract Test 3,
     * /conf/crs/storageCrs): storageCrs is one of the collection's crs values.
     */
    @Test
    void discoveryCollectionsAndCollectionStorageCrs() {
        for (Map<String, Object> c : Ets.collections()) {
            JsonPath one = Ets.get("/collections/" + c.get("id"), JSON);
            for (Map<String, Object> collection : List.of(c, one.<String, Object>getMap("$"))) {
                Object storage = collection.get("storageCrs");
                assertNotNull(storage, c.get("id") + ": storageCrs");
                assertTrue(crsList(collection).contains(storage), c.get("id") + ": storageCrs " + storage + " not in crs");
            }
        }
    }

    /**
     * FeaturesCrsParameter and FeatureCrsParameter (Abstract Test 4, /conf/crs/crs-parameter): for every
     * collection and every CRS it lists, items and one feature answer 200 with Content-Crs {@code <uri>}.
     */
    @Test
    void featuresAndFeatureCrsParameter() {
        for (Map<String, Object> c : Ets.collections()) {
            String items = Ets.itemsUrl(c);
            for (String crs : crsList(c)) {
                for (String url : urls(items)) {
                    Response r = Ets.ok(given().accept(GEOJSON).queryParam("crs", crs).get(url), url + " crs " + crs);
                    assertCrsHeader(r, crs, url);
                    assertTrue(r.jsonPath().getString("type").matches("FeatureCollection|Feature"), url);
                }
            }
        }
    }

    /**
     * FeaturesCrsParameterDefault and FeatureCrsParameterDefault (Abstract Test 5,
     * /conf/crs/crs-parameter-default): without crs, Content-Crs names CRS84.
     */
    @Test
    void featuresAndFeatureCrsParameterDefault() {
        for (Map<String, Object> c : Ets.collections()) {
            String items = Ets.itemsUrl(c);
            for (String url : urls(items)) {
                assertCrsHeader(Ets.ok(given().accept(GEOJSON).get(url), url), CRS84, url);
            }
        }
    }

    /**
     * FeaturesCrsParameterInvalid and FeatureCrsParameterInvalid (Abstract Test 6,
     * /conf/crs/crs-parameter-invalid): an unsupported CRS is a 400.
     */
    @Test
    void featuresAndFeatureCrsParameterInvalid() {
        for (Map<String, Object> c : Ets.collections()) {
            String items = Ets.itemsUrl(c);
            for (String url : urls(items)) {
                assertEquals(400, given().accept(GEOJSON).queryParam("crs", UNSUPPORTED_CRS).get(url).statusCode(), url);
            }
        }
    }

    /**
     * FeaturesCrsParameterTransform and FeatureCrsParameterTransform (Abstract Test 7,
     * /conf/crs/crs-parameter-transform): a feature's first coordinate in each listed CRS is its CRS84
     * coordinate transformed (here: by PostGIS, within 1 cm or 1e-7°), in that CRS's axis order.
     */
    @Test
    void featuresAndFeatureCrsParameterTransform() {
        for (Map<String, Object> c : Ets.collections()) {
            String items = Ets.itemsUrl(c) + (Ets.itemsUrl(c).contains("?") ? "&" : "?") + "limit=1";
            if (Ets.get(items, GEOJSON).getList("features").isEmpty()) {
                continue; // nothing to transform: the ETS skips collections without features
            }
            double[] lonLat = firstCoordinate(Ets.get(items, GEOJSON), "features[0].geometry.coordinates");
            for (String crs : crsList(c)) {
                Matcher m = OGC_CRS_URI.matcher(crs);
                assertTrue(m.matches(), crs);
                JsonPath page = Ets.json(Ets.ok(given().accept(GEOJSON).queryParam("crs", crs).get(items), items + " crs " + crs));
                double[] xy = firstCoordinate(page, "features[0].geometry.coordinates");
                double[] expected = transform(lonLat, "CRS84".equals(m.group(3)) ? 4326 : Integer.parseInt(m.group(3)));
                boolean latLon = crs.endsWith("/EPSG/0/4326");
                double[] expectedInAxisOrder = latLon ? new double[] {expected[1], expected[0]} : expected;
                // the CRS84 input is rounded to 1e-7° (up to 1 cm in EPSG:3857 northings at 52.5°N), the output to its decimals
                double tolerance = crs.endsWith("/CRS84") || latLon ? 1e-6 : 0.05;
                assertEquals(expectedInAxisOrder[0], xy[0], tolerance, c.get("id") + " " + crs + " first axis");
                assertEquals(expectedInAxisOrder[1], xy[1], tolerance, c.get("id") + " " + crs + " second axis");
            }
        }
    }

    /**
     * BBoxCrsParameter (Abstract Test 8, /conf/crs/bbox-crs-parameter): the collection's extent converted to
     * each listed CRS, sent with bbox-crs, selects the same features as the extent in CRS84 without it.
     */
    @Test
    void bboxCrsParameter() {
        for (Map<String, Object> c : Ets.collections()) {
            String id = (String) c.get("id");
            double[] extent = extent(c);
            if (extent == null) {
                continue; // "Collection has no spatial extent": skipped by the ETS
            }
            JsonPath plain = Ets.json(Ets.ok(given().accept(GEOJSON).queryParam("bbox", Ets.query(extent)).get(Ets.itemsUrl(c)), id));
            for (String crs : crsList(c)) {
                Matcher m = OGC_CRS_URI.matcher(crs);
                assertTrue(m.matches(), crs);
                double[] box = transformBox(extent, "CRS84".equals(m.group(3)) ? 4326 : Integer.parseInt(m.group(3)));
                if (crs.endsWith("/EPSG/0/4326")) {
                    box = new double[] {box[1], box[0], box[3], box[2]};
                }
                JsonPath withCrs = Ets.json(Ets.ok(given().accept(GEOJSON).queryParam("bbox-crs", crs)
                        .queryParam("bbox", Ets.query(box)).get(Ets.itemsUrl(c)), id + " bbox-crs " + crs));
                assertEquals(plain.getList("features.id"), withCrs.getList("features.id"), id + " bbox-crs " + crs);
                assertEquals(plain.getInt("numberMatched"), withCrs.getInt("numberMatched"), id + " bbox-crs " + crs);
            }
        }
    }

    /**
     * BBoxCrsParameterDefault (Abstract Test 9, /conf/crs/bbox-crs-parameter-default): bbox-crs=CRS84 is the
     * same as no bbox-crs.
     */
    @Test
    void bboxCrsParameterDefault() {
        for (Map<String, Object> c : Ets.collections()) {
            if (extent(c) == null) {
                continue;
            }
            String bbox = Ets.query(extent(c));
            JsonPath plain = Ets.json(Ets.ok(given().accept(GEOJSON).queryParam("bbox", bbox).get(Ets.itemsUrl(c)), bbox));
            JsonPath explicit = Ets.json(Ets.ok(given().accept(GEOJSON).queryParam("bbox", bbox).queryParam("bbox-crs", CRS84)
                    .get(Ets.itemsUrl(c)), bbox));
            assertEquals(plain.getList("features.id"), explicit.getList("features.id"), (String) c.get("id"));
        }
    }

    /**
     * BBoxCrsParameterInvalid (Abstract Test 10, /conf/crs/bbox-crs-parameter-invalid): an unsupported
     * bbox-crs is a 400.
     */
    @Test
    void bboxCrsParameterInvalid() {
        for (Map<String, Object> c : Ets.collections()) {
            if (extent(c) == null) {
                continue;
            }
            assertEquals(400, given().accept(GEOJSON).queryParam("bbox", Ets.query(extent(c))).queryParam("bbox-crs", UNSUPPORTED_CRS)
                    .get(Ets.itemsUrl(c)).statusCode(), (String) c.get("id"));
        }
    }

    // --- helpers --------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static List<String> crsList(Map<String, Object> collection) {
        Object crs = collection.get("crs");
        return crs == null ? List.of() : (List<String>) crs;
    }

    private static void assertValidCrsUri(String uri, String what) {
        assertTrue(OGC_CRS_URI.matcher(uri).matches(), what + ": invalid CRS identifier " + uri);
    }

    /** EtsAssert.assertCrsHeader: Content-Crs is the URI in angle brackets. */
    private static void assertCrsHeader(Response r, String crs, String url) {
        String header = r.getHeader("Content-Crs");
        assertNotNull(header, url + ": no Content-Crs header");
        assertEquals("<" + crs + ">", header.trim(), url + ": Content-Crs");
    }

    /** The items URL, and the URL of its first feature if it has one (the ETS skips the feature test otherwise). */
    private static List<String> urls(String items) {
        Object first = Ets.get(items, GEOJSON).get("features[0].id");
        return first == null ? List.of(items) : List.of(items, items + "/" + first);
    }

    /** The collection's CRS84 extent, or null when it has none. */
    @SuppressWarnings("unchecked")
    private static double[] extent(Map<String, Object> collection) {
        Map<String, Object> extent = (Map<String, Object>) collection.get("extent");
        if (extent == null || extent.get("spatial") == null) {
            return null;
        }
        Map<String, Object> spatial = (Map<String, Object>) extent.get("spatial");
        List<Number> box = ((List<List<Number>>) spatial.get("bbox")).get(0);
        return box.stream().mapToDouble(Number::doubleValue).toArray();
    }

    /** The first position of a GeoJSON coordinates array, however deeply nested. */
    private static double[] firstCoordinate(JsonPath json, String path) {
        Object c = json.get(path);
        while (c instanceof List<?> l && l.get(0) instanceof List<?>) {
            c = l.get(0);
        }
        List<?> xy = (List<?>) c;
        return new double[] {((Number) xy.get(0)).doubleValue(), ((Number) xy.get(1)).doubleValue()};
    }

    private static double[] transform(double[] lonLat, int srid) {
        String wkt = (String) TestDatabase.scalar("SELECT ST_AsText(ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), ?))",
                lonLat[0], lonLat[1], srid);
        String[] xy = wkt.replaceAll("[^0-9.\\- ]", "").trim().split(" ");
        return new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
    }

    /** The envelope, in {@code srid}, of a CRS84 box (densified, so it covers the box). */
    private static double[] transformBox(double[] b, int srid) {
        String box = (String) TestDatabase.scalar("SELECT concat_ws(',', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) FROM "
                + "(SELECT ST_Expand(ST_Envelope(ST_Transform(ST_Segmentize(ST_MakeEnvelope(?, ?, ?, ?, 4326), 0.001), ?)), "
                + "CASE WHEN ? = 4326 THEN 1e-7 ELSE 0.01 END) AS e) AS x", b[0], b[1], b[2], b[3], srid, srid);
        String[] v = box.split(",");
        return new double[] {Double.parseDouble(v[0]), Double.parseDouble(v[1]), Double.parseDouble(v[2]), Double.parseDouble(v[3])};
    }
}
