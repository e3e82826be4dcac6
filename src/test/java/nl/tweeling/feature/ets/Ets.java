package nl.tweeling.feature.ets;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

import com.reprezen.kaizen.oasparser.OpenApi3Parser;
import com.reprezen.kaizen.oasparser.model3.OpenApi3;
import com.reprezen.kaizen.oasparser.model3.Parameter;
import com.reprezen.kaizen.oasparser.model3.Path;

import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.response.Response;

/**
 * What the OGC API – Features executable test suite (ETS, opengeospatial/ets-ogcapi-features10) knows
 * about a server before it tests it, found the way the ETS finds it: from the landing page, the OpenAPI
 * document (parsed and validated by the same KaiZen parser the ETS uses), /conformance and /collections.
 * The tests that use it make the ETS's assertions for every collection, not only the first three.
 */
final class Ets {

    static final String OPEN_API_MIME_TYPE = "application/vnd.oai.openapi+json;version=3.0";
    static final String GEOJSON = "application/geo+json";
    static final String JSON = "application/json";
    static final String HTML = "text/html";
    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    static final String CRS84H = "http://www.opengis.net/def/crs/OGC/0/CRS84h";
    static final String CORE = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core";
    static final String HTML_CLASS = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html";
    static final String GEOJSON_CLASS = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson";
    static final String CRS_CLASS = "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs";
    static final String UNSUPPORTED_CRS = "http://www.opengis.net/def/crs/0/unsupported";
    /** The ETS skips the numberMatched walk above this many features (OgcApiFeatures10.NUMBERMATCHED_LIMIT). */
    static final int NUMBERMATCHED_LIMIT = 10_000;
    /** The ETS checks the geometries of at most this many features per response (FEATURES_LIMIT). */
    static final int FEATURES_LIMIT = 100;

    private Ets() {
    }

    /** Numbers with a fraction as doubles (as the ETS reads them), so coordinates keep their precision. */
    static final JsonPathConfig DOUBLES = JsonPathConfig.jsonPathConfig().numberReturnType(NumberReturnType.DOUBLE);

    static JsonPath get(String url, String accept) {
        return json(ok(given().accept(accept).get(url), url));
    }

    static Response ok(Response r, String what) {
        assertEquals(200, r.statusCode(), what + " answered " + r.statusCode() + ": " + r.asString());
        return r;
    }

    static JsonPath json(Response r) {
        return r.jsonPath(DOUBLES);
    }

    /** The OpenAPI document behind the landing page's service-desc link, parsed with validation as the ETS does. */
    static OpenApi3 apiModel() {
        String href = serviceDescHref();
        assertNotNull(href, "Path to the API Definition could not be constructed from the landing page");
        String text = given().accept(OPEN_API_MIME_TYPE).get(href).then().statusCode(200).extract().asString();
        try {
            return new OpenApi3Parser().parse(text, new URL(href), true);
        } catch (java.net.MalformedURLException e) {
            throw new AssertionError(href, e);
        }
    }

    static String serviceDescHref() {
        for (Map<String, Object> link : linksOf(get("/", JSON), "links")) {
            Object type = link.get("type");
            if ("service-desc".equals(link.get("rel")) && type != null
                    && OPEN_API_MIME_TYPE.equals(type.toString().replace(" ", ""))) {
                return (String) link.get("href");
            }
        }
        return null;
    }

    static List<String> conformsTo() {
        return get("/conformance", JSON).getList("conformsTo", String.class);
    }

    /** CommonDataFixture.createListOfMediaTypesToSupportForOtherResources: per declared class, minus self's type. */
    static List<String> otherResourceMediaTypes(List<String> classes, Map<String, Object> self) {
        List<String> types = new ArrayList<>();
        if (classes.contains(HTML_CLASS)) {
            types.add(HTML);
        }
        if (classes.contains(GEOJSON_CLASS)) {
            types.add(JSON);
        }
        types.remove(self == null ? null : self.get("type"));
        return types;
    }

    /** createListOfMediaTypesToSupportForFeatureCollectionsAndFeatures, minus self's type. */
    static List<String> featureMediaTypes(List<String> classes, Map<String, Object> self) {
        List<String> types = new ArrayList<>();
        if (classes.contains(HTML_CLASS)) {
            types.add(HTML);
        }
        if (classes.contains(GEOJSON_CLASS)) {
            types.add(GEOJSON);
        }
        types.remove(self == null ? null : self.get("type"));
        return types;
    }

    /** The collection objects of /collections (itemType feature or none, with an items link), as the ETS keeps them. */
    static List<Map<String, Object>> collections() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> c : linksOf(get("/collections", JSON), "collections")) {
            Object itemType = c.get("itemType");
            if (c.get("id") != null && (itemType == null || "feature".equalsIgnoreCase(itemType.toString()))
                    && link(links(c), "items") != null) {
                out.add(c);
            }
        }
        assertTrue(out.size() >= 8, "the Zwolle sample has 8 spatial layers: " + out.size());
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> links(Map<String, Object> object) {
        Object links = object.get("links");
        return links == null ? List.of() : (List<Map<String, Object>>) links;
    }

    static List<Map<String, Object>> linksOf(JsonPath json, String path) {
        List<Map<String, Object>> list = json.getList(path);
        return list == null ? List.of() : list;
    }

    static Map<String, Object> link(List<Map<String, Object>> links, String rel) {
        return links.stream().filter(l -> rel.equals(l.get("rel"))).findFirst().orElse(null);
    }

    static boolean hasRelAndType(Map<String, Object> link) {
        return link.get("rel") != null && link.get("type") != null;
    }

    /** The items URL for GeoJSON from a collection's links (JsonUtils.findFeaturesUrlForGeoJson). */
    static String itemsUrl(Map<String, Object> collection) {
        for (Map<String, Object> l : links(collection)) {
            if ("items".equals(l.get("rel")) && GEOJSON.equals(l.get("type"))) {
                return (String) l.get("href");
            }
        }
        throw new AssertionError("Could not find url for collection " + collection.get("id") + " supporting GeoJson");
    }

    /** A parameter of the GET operation of an OpenAPI path (OpenApiUtils.retrieveParameterByName). */
    static Parameter parameter(OpenApi3 api, String path, String name) {
        Path p = api.getPath(path);
        assertNotNull(p, "the OpenAPI document has no path " + path);
        for (Parameter par : p.getGet().getParameters()) {
            if (name.equals(par.getName())) {
                return par;
            }
        }
        for (Parameter par : p.getParameters()) {
            if (name.equals(par.getName())) {
                return par;
            }
        }
        return null;
    }

    /** The OpenAPI path of a collection's items: concrete or templated, as the ETS's test points accept. */
    static String itemsPath(OpenApi3 api, String collectionId) {
        for (String candidate : new String[] {"/collections/" + collectionId + "/items", "/collections/{collectionId}/items"}) {
            if (api.getPath(candidate) != null) {
                return candidate;
            }
        }
        throw new AssertionError("the OpenAPI document has no items path for " + collectionId);
    }

    /** The geometry of a GeoJSON feature as JTS (JsonUtils.parseFeatureGeometry), or null. */
    @SuppressWarnings("unchecked")
    static Geometry geometry(Map<String, Object> feature) {
        Map<String, Object> g = (Map<String, Object>) feature.get("geometry");
        return g == null ? null : geometry((String) g.get("type"), g.get("coordinates"));
    }

    @SuppressWarnings("unchecked")
    private static Geometry geometry(String type, Object c) {
        GeometryFactory f = new GeometryFactory();
        switch (type) {
            case "Point":
                return f.createPoint(coordinate((List<Number>) c));
            case "MultiPoint":
                return f.createMultiPointFromCoords(coordinates((List<List<Number>>) c));
            case "LineString":
                return f.createLineString(coordinates((List<List<Number>>) c));
            case "MultiLineString":
                return f.createMultiLineString(((List<List<List<Number>>>) c).stream()
                        .map(l -> f.createLineString(coordinates(l))).toArray(org.locationtech.jts.geom.LineString[]::new));
            case "Polygon":
                return polygon(f, (List<List<List<Number>>>) c);
            case "MultiPolygon":
                return f.createMultiPolygon(((List<List<List<List<Number>>>>) c).stream()
                        .map(p -> polygon(f, p)).toArray(Polygon[]::new));
            default:
                throw new AssertionError("unexpected geometry type " + type);
        }
    }

    private static Polygon polygon(GeometryFactory f, List<List<List<Number>>> rings) {
        LinearRing shell = f.createLinearRing(coordinates(rings.get(0)));
        LinearRing[] holes = rings.subList(1, rings.size()).stream().map(r -> f.createLinearRing(coordinates(r)))
                .toArray(LinearRing[]::new);
        return f.createPolygon(shell, holes);
    }

    private static Coordinate[] coordinates(List<List<Number>> list) {
        return list.stream().map(Ets::coordinate).toArray(Coordinate[]::new);
    }

    private static Coordinate coordinate(List<Number> xy) {
        return new Coordinate(xy.get(0).doubleValue(), xy.get(1).doubleValue());
    }

    /** EtsAssert.assertInCrs84: the geometry lies within longitude ±180 and latitude ±90. */
    static void assertInCrs84(Geometry g, String message) {
        Envelope e = g.getEnvelopeInternal();
        assertTrue(e.getMinX() >= -180 && e.getMaxX() <= 180 && e.getMinY() >= -90 && e.getMaxY() <= 90,
                message + ": " + e);
    }

    /** A bbox's polygon(s); a box with minx above maxx crosses the antimeridian and is two. */
    static List<Geometry> boxes(double[] b) {
        GeometryFactory f = new GeometryFactory();
        if (b[0] <= b[2]) {
            return List.of(f.toGeometry(new Envelope(b[0], b[2], b[1], b[3])));
        }
        return List.of(f.toGeometry(new Envelope(b[0], 180, b[1], b[3])), f.toGeometry(new Envelope(-180, b[2], b[1], b[3])));
    }

    static String query(double[] b) {
        StringBuilder s = new StringBuilder();
        for (double v : b) {
            s.append(s.length() == 0 ? "" : ",").append(v);
        }
        return s.toString();
    }
}
