package nl.tweeling.tiles;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;

import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.support.TestDatabase;

/**
 * OGC API – Tiles: the tile matrix sets, tilesets and their Mapbox vector tiles made by PostGIS, decoded by GDAL's
 * MVT driver as a client would; HTTP (204, ETag and 304, Cache-Control, CORS); access; errors as problems.
 */
@QuarkusTest
class TilesTest {

    static final String MVT = "application/vnd.mapbox-vector-tile";
    static final String ADMIN = "twk_test_bootstrap_admin_key_0123456789";

    /** Numbers as doubles, so scale denominators keep their precision. */
    static final io.restassured.path.json.config.JsonPathConfig DOUBLES = io.restassured.path.json.config.JsonPathConfig
            .jsonPathConfig().numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE);

    @Inject
    LayerRegistry registry;

    /** A current buurt: its feature id, name, and a point inside it (RD New x, y). */
    record Buurt(String id, String name, double x, double y) {
    }

    static Buurt buurt() {
        Object[] r = TestDatabase.row("SELECT feature_id, name, ST_X(p), ST_Y(p) FROM (SELECT feature_id, name,"
                + " ST_PointOnSurface(geom) AS p FROM tweeling.buurten WHERE valid_to IS NULL ORDER BY fid LIMIT 1) AS b");
        return new Buurt((String) r[0], (String) r[1], ((Number) r[2]).doubleValue(), ((Number) r[3]).doubleValue());
    }

    /** RD New x/y in EPSG:3857 (x, y) and CRS84 (lon, lat), as PostGIS transforms them. */
    static double[] transformed(double x, double y, int srid) {
        Object[] r = TestDatabase.row("SELECT ST_X(g), ST_Y(g) FROM ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 28992), ?) AS g",
                x, y, srid);
        return new double[] {((Number) r[0]).doubleValue(), ((Number) r[1]).doubleValue()};
    }

    /** CRS84 lon/lat as RD New x, y, as PostGIS transforms them. */
    static double[] transformedToRd(double lon, double lat) {
        Object[] r = TestDatabase.row("SELECT ST_X(g), ST_Y(g) FROM ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 28992) AS g",
                lon, lat);
        return new double[] {((Number) r[0]).doubleValue(), ((Number) r[1]).doubleValue()};
    }

    static byte[] tile(String path) {
        return given().get(path).then().statusCode(200).contentType(MVT).extract().asByteArray();
    }

    @Test
    void theBuurtAroundAPointIsInTheTileOverItWithItsNameAtSeveralLevelsOfBothSets() throws Exception {
        Buurt b = buurt();
        double[] lonLat = transformed(b.x(), b.y(), 4326);
        double[] merc = transformed(b.x(), b.y(), 3857);
        for (int z : new int[] {8, 12, 15, 18}) {
            long[] rc = Mvt.webMercatorTile(lonLat[0], lonLat[1], z);
            byte[] bytes = tile("/collections/buurten/tiles/WebMercatorQuad/" + z + "/" + rc[0] + "/" + rc[1]);
            List<Mvt.Feature> here = Mvt.decode(bytes, TileMatrixSet.WEB_MERCATOR_QUAD, z, rc[0], rc[1],
                    merc[0], merc[1], merc[0], merc[1]);
            assertEquals(List.of("buurten"), Mvt.layers(here), "z" + z);
            Mvt.Feature f = here.stream().filter(x -> b.id().equals(x.get("feature_id"))).findFirst().orElse(null);
            assertNotNull(f, "z" + z + ": " + b.id() + " in " + here);
            assertEquals(b.name(), f.get("name"), "z" + z);
            assertTrue(f.wkt().startsWith("MULTIPOLYGON") || f.wkt().startsWith("POLYGON"), f.wkt());
            // properties per level (V016): code and name up to level 11, every property from 12 on
            assertEquals(z >= 12, f.attributes().containsKey("residents"), "z" + z + ": " + f.attributes());
            assertFalse(f.attributes().containsKey("valid_from"), "no lineage in tiles");
        }
        for (int z : new int[] {3, 8, 12, 15}) {
            long[] rc = Mvt.rdTile(b.x(), b.y(), z);
            byte[] bytes = tile("/collections/buurten/tiles/NetherlandsRDNewQuad/" + z + "/" + rc[0] + "/" + rc[1]);
            List<Mvt.Feature> here = Mvt.decode(bytes, TileMatrixSet.NETHERLANDS_RD_NEW_QUAD, z, rc[0], rc[1],
                    b.x(), b.y(), b.x(), b.y());
            Mvt.Feature f = here.stream().filter(x -> b.id().equals(x.get("feature_id"))).findFirst().orElse(null);
            assertNotNull(f, "RD z" + z + ": " + b.id() + " in " + here);
            assertEquals(b.name(), f.get("name"));
        }
    }

    /** The decoded geometry lies where the feature is: GDAL places the RD tile's point within a pixel of the source. */
    @Test
    void pointsLandWhereTheyAreInBothSets() throws Exception {
        String key = TestDatabase.newDatastream("noise_level");
        double x = 170000 + Math.random() * 1000;
        double y = 420000 + Math.random() * 1000;
        TestDatabase.update("UPDATE tweeling.thing SET geom = ST_SetSRID(ST_MakePoint(?, ?), 28992) WHERE key = ?", x, y, key);
        int z = 14;
        long[] rc = Mvt.rdTile(x, y, z);
        List<Mvt.Feature> rd = Mvt.decode(tile("/collections/sensors/tiles/NetherlandsRDNewQuad/" + z + "/" + rc[0]
                + "/" + rc[1]), TileMatrixSet.NETHERLANDS_RD_NEW_QUAD, z, rc[0], rc[1]);
        Mvt.Feature f = rd.stream().filter(s -> key.equals(s.get("feature_id"))).findFirst().orElseThrow();
        assertEquals("noise_level", f.get("observed_property"));
        String[] xy = f.wkt().replaceAll("[^0-9. ]", "").strip().split(" +");
        double pixel = 3440.64 / Math.pow(2, z) / 16; // 4096 units per 256 pixels
        assertEquals(x, Double.parseDouble(xy[0]), pixel);
        assertEquals(y, Double.parseDouble(xy[1]), pixel);

        double[] lonLat = transformed(x, y, 4326);
        double[] merc = transformed(x, y, 3857);
        int wz = 17;
        long[] wrc = Mvt.webMercatorTile(lonLat[0], lonLat[1], wz);
        List<Mvt.Feature> wm = Mvt.decode(tile("/collections/sensors/tiles/WebMercatorQuad/" + wz + "/" + wrc[0] + "/"
                + wrc[1]), TileMatrixSet.WEB_MERCATOR_QUAD, wz, wrc[0], wrc[1]);
        Mvt.Feature g = wm.stream().filter(s -> key.equals(s.get("feature_id"))).findFirst().orElseThrow();
        String[] mxy = g.wkt().replaceAll("[^0-9. ]", "").strip().split(" +");
        double mpixel = 156543.033928041 / Math.pow(2, wz) / 16;
        assertEquals(merc[0], Double.parseDouble(mxy[0]), mpixel);
        assertEquals(merc[1], Double.parseDouble(mxy[1]), mpixel);
    }

    @Test
    void theDatasetTileHasOneLayerPerBaseLayer() throws Exception {
        Buurt b = buurt();
        double[] lonLat = transformed(b.x(), b.y(), 4326);
        int z = 16;
        long[] rc = Mvt.webMercatorTile(lonLat[0], lonLat[1], z);
        List<Mvt.Feature> all = Mvt.decode(tile("/tiles/WebMercatorQuad/" + z + "/" + rc[0] + "/" + rc[1]),
                TileMatrixSet.WEB_MERCATOR_QUAD, z, rc[0], rc[1]);
        List<String> layers = Mvt.layers(all);
        for (String l : List.of("wijken", "buurten", "buildings", "addresses", "roads")) {
            assertTrue(layers.contains(l), l + " in " + layers);
        }
        assertTrue(all.stream().anyMatch(f -> b.id().equals(f.get("feature_id")) && f.layer().equals("buurten")));
        // an imported layer is not a base layer, so never in the dataset tiles
        assertTrue(layers.stream().allMatch(l -> registry.find(l).orElseThrow().base()), layers.toString());
        // addresses start at level 15; at 14 the dataset tile has none
        long[] rc14 = Mvt.webMercatorTile(lonLat[0], lonLat[1], 14);
        List<String> at14 = Mvt.layers(Mvt.decode(tile("/tiles/WebMercatorQuad/14/" + rc14[0] + "/" + rc14[1]),
                TileMatrixSet.WEB_MERCATOR_QUAD, 14, rc14[0], rc14[1]));
        assertFalse(at14.contains("addresses"), at14.toString());
        assertTrue(at14.contains("buildings"), at14.toString());
    }

    @Test
    void emptyTilesAre204AndTilesRevalidateWithTheirEtag() {
        // the top left tile of level 10: the Arctic Ocean north of Alaska
        given().get("/collections/buurten/tiles/WebMercatorQuad/10/0/0").then().statusCode(204)
                .header("Cache-Control", "public, max-age=60, must-revalidate")
                .body(equalTo(""));
        given().get("/tiles/WebMercatorQuad/10/0/0").then().statusCode(204);

        Buurt b = buurt();
        double[] lonLat = transformed(b.x(), b.y(), 4326);
        long[] rc = Mvt.webMercatorTile(lonLat[0], lonLat[1], 13);
        String path = "/collections/buurten/tiles/WebMercatorQuad/13/" + rc[0] + "/" + rc[1];
        Response first = given().get(path).then().statusCode(200).contentType(MVT)
                .header("Cache-Control", "public, max-age=60, must-revalidate").extract().response();
        String etag = first.header("ETag");
        assertNotNull(etag);
        assertTrue(etag.matches("\"[0-9a-f]{32}\""), "a strong ETag: " + etag);
        assertEquals(etag, given().get(path).then().statusCode(200).extract().header("ETag"), "the same bytes, the same tag");
        given().header("If-None-Match", etag).get(path).then().statusCode(304).header("ETag", etag).body(equalTo(""));
        given().header("If-None-Match", "\"other\", " + etag).get(path).then().statusCode(304);
        given().header("If-None-Match", "\"0000\"").get(path).then().statusCode(200);
        // with an API key the tile may hold what others may not see: only the caller's cache keeps it
        given().header("X-API-Key", ADMIN).get(path).then().statusCode(200)
                .header("Cache-Control", "private, max-age=60, must-revalidate");
    }

    @Test
    void tilesAndTileJsonAreReadableFromOtherOrigins() {
        Buurt b = buurt();
        double[] lonLat = transformed(b.x(), b.y(), 4326);
        long[] rc = Mvt.webMercatorTile(lonLat[0], lonLat[1], 13);
        for (String path : List.of("/collections/buurten/tiles/WebMercatorQuad/13/" + rc[0] + "/" + rc[1],
                "/collections/buurten/tiles/WebMercatorQuad?f=tilejson", "/tiles/WebMercatorQuad?f=tilejson")) {
            String allowed = given().header("Origin", "http://viewer.example").get(path).then().statusCode(200)
                    .extract().header("Access-Control-Allow-Origin");
            assertTrue("*".equals(allowed) || "http://viewer.example".equals(allowed), path + ": " + allowed);
        }
    }

    @Test
    void tileMatrixSetsAsTheStandardDefinesThem() {
        JsonPath list = given().get("/tileMatrixSets").then().statusCode(200).contentType(startsWith("application/json"))
                .extract().jsonPath();
        assertEquals(List.of("WebMercatorQuad", "NetherlandsRDNewQuad"), list.getList("tileMatrixSets.id"));
        JsonPath wm = given().get("/tileMatrixSets/WebMercatorQuad").then().statusCode(200).extract().jsonPath(DOUBLES);
        assertEquals("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad", wm.getString("uri"));
        assertEquals("http://www.opengis.net/def/crs/EPSG/0/3857", wm.getString("crs"));
        assertEquals(25, wm.getList("tileMatrices").size());
        assertEquals(559082264.0287178, wm.getDouble("tileMatrices[0].scaleDenominator"), 1e-6);
        assertEquals(-20037508.3427892, wm.getDouble("tileMatrices[0].pointOfOrigin[0]"), 1e-6);
        assertEquals(1 << 24, wm.getLong("tileMatrices[24].matrixWidth"));
        JsonPath rd = given().get("/tileMatrixSets/NetherlandsRDNewQuad").then().statusCode(200).extract().jsonPath(DOUBLES);
        assertEquals("http://www.opengis.net/def/crs/EPSG/0/28992", rd.getString("crs"));
        assertEquals(17, rd.getList("tileMatrices").size());
        assertEquals(12288000.0, rd.getDouble("tileMatrices[0].scaleDenominator"), 1e-6);
        assertEquals(3440.64, rd.getDouble("tileMatrices[0].cellSize"), 1e-9);
        assertEquals(-285401.92, rd.getDouble("tileMatrices[0].pointOfOrigin[0]"), 1e-9);
        assertEquals(903401.92, rd.getDouble("tileMatrices[0].pointOfOrigin[1]"), 1e-9);
        assertEquals(0.0525, rd.getDouble("tileMatrices[16].cellSize"), 1e-12);
        assertEquals(65536, rd.getLong("tileMatrices[16].matrixHeight"));
        given().get("/tileMatrixSets/WorldCRS84Quad").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void tilesetsTilesetAndTileJsonOfACollection() {
        JsonPath list = given().get("/collections/buildings/tiles").then().statusCode(200).extract().jsonPath();
        assertEquals(2, list.getList("tilesets").size());
        assertEquals("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad",
                list.getString("tilesets[0].tileMatrixSetURI"));
        assertTrue(list.getString("tilesets[1].tileMatrixSetURI").endsWith("/tileMatrixSets/NetherlandsRDNewQuad"));
        assertEquals("vector", list.getString("tilesets[0].dataType"));

        JsonPath set = given().get("/collections/buildings/tiles/WebMercatorQuad").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> links = set.getList("links");
        Map<String, Object> item = links.stream().filter(l -> "item".equals(l.get("rel"))).findFirst().orElseThrow();
        assertTrue(((String) item.get("href")).matches("http://[^/]+/collections/buildings/tiles/WebMercatorQuad/"
                + "\\{tileMatrix}/\\{tileRow}/\\{tileCol}"), item.toString());
        assertEquals(MVT, item.get("type"));
        assertTrue(links.stream().anyMatch(l -> "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme".equals(l.get("rel"))));
        // buildings have tiles from level 13 (V016)
        assertEquals("13", set.getString("tileMatrixSetLimits[0].tileMatrix"));
        assertEquals("buildings", set.getString("layers[0].id"));
        assertEquals(2, set.getInt("layers[0].geometryDimension"));
        assertEquals("number", set.getString("layers[0].propertiesSchema.properties.height_m.type"));

        JsonPath tj = given().get("/collections/buildings/tiles/WebMercatorQuad?f=tilejson").then().statusCode(200)
                .contentType(startsWith("application/vnd.mapbox.tile+json")).extract().jsonPath();
        assertEquals("3.0.0", tj.getString("tilejson"));
        assertTrue(tj.getString("tiles[0]").matches("http://[^/]+/collections/buildings/tiles/WebMercatorQuad/\\{z}/\\{y}/\\{x}"),
                tj.getString("tiles[0]"));
        assertEquals(13, tj.getInt("minzoom"));
        assertEquals(20, tj.getInt("maxzoom"));
        assertEquals(4, tj.getList("bounds").size());
        assertEquals("buildings", tj.getString("vector_layers[0].id"));
        assertEquals("Number", tj.getString("vector_layers[0].fields.height_m"));
        assertEquals("String", tj.getString("vector_layers[0].fields.feature_id"));
        // RD levels are WebMercatorQuad levels - 5
        JsonPath rd = given().get("/collections/buildings/tiles/NetherlandsRDNewQuad?f=tilejson").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(8, rd.getInt("minzoom"));
        assertEquals(15, rd.getInt("maxzoom"));

        String withTime = given().get("/collections/buildings/tiles/WebMercatorQuad?f=tilejson&datetime=2026-01-01T00:00:00Z")
                .then().statusCode(200).extract().path("tiles[0]");
        assertTrue(withTime.endsWith("/{z}/{y}/{x}?datetime=2026-01-01T00:00:00Z"), withTime);
    }

    @Test
    void theDatasetTilesetListsEveryBaseLayer() {
        JsonPath tj = given().get("/tiles/WebMercatorQuad?f=tilejson").then().statusCode(200).extract().jsonPath();
        List<String> ids = tj.getList("vector_layers.id");
        for (String l : List.of("wijken", "buurten", "buildings", "addresses", "roads", "green", "landcover",
                "facilities", "sensors")) {
            assertTrue(ids.contains(l), l + " in " + ids);
        }
        assertTrue(tj.getString("tiles[0]").endsWith("/tiles/WebMercatorQuad/{z}/{y}/{x}"));
        assertEquals(0, tj.getInt("minzoom"));
        JsonPath set = given().get("/tiles/NetherlandsRDNewQuad").then().statusCode(200).extract().jsonPath();
        assertEquals("http://www.opengis.net/def/crs/EPSG/0/28992", set.getString("crs"));
        assertTrue(set.getList("layers.id").contains("buurten"));
        JsonPath sets = given().get("/tiles").then().statusCode(200).extract().jsonPath();
        assertEquals(2, sets.getList("tilesets").size());
    }

    @Test
    void theLandingPageAndEachCollectionLinkTheirTilesets() {
        List<Map<String, Object>> links = given().get("/").then().statusCode(200).extract().jsonPath().getList("links");
        assertTrue(links.stream().anyMatch(l -> "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector".equals(l.get("rel"))
                && ((String) l.get("href")).endsWith("/tiles")), links.toString());
        assertTrue(links.stream().anyMatch(l -> "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes".equals(l.get("rel"))
                && ((String) l.get("href")).endsWith("/tileMatrixSets")), links.toString());
        List<Map<String, Object>> c = given().get("/collections/roads").then().statusCode(200).extract().jsonPath()
                .getList("links");
        String href = c.stream().filter(l -> "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector".equals(l.get("rel")))
                .map(l -> (String) l.get("href")).findFirst().orElseThrow();
        given().urlEncodingEnabled(false).get(href.replaceFirst("^https?://[^/]+", "")).then().statusCode(200);
    }

    /**
     * What the OGC API – Tiles test suite (ets-ogcapi-tiles10) asks of a server, besides tiles that answer 200: a GET
     * operation in /api whose operationId contains .getTile, tileMatrixSetURI on every tileset of a list, and
     * absolute links with the request's host and port.
     */
    @Test
    void whatTheTilesTestSuiteAsks() throws Exception {
        com.fasterxml.jackson.databind.JsonNode paths = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(given().get("/api").then().statusCode(200).extract().asString()).path("paths");
        assertTrue(paths.path("/collections/buurten/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}").path("get")
                .path("operationId").asText().contains(".getTile"));
        assertTrue(paths.path("/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}").path("get")
                .path("operationId").asText().contains(".getTile"));
        Response landing = given().get("/").then().statusCode(200).extract().response();
        String self = landing.jsonPath().getString("links.find { it.rel == 'self' }.href");
        assertTrue(self.matches("http://[^/]+:\\d+/"), self);
        for (String path : List.of("/tiles", "/collections/buurten/tiles")) {
            JsonPath list = given().get(path).then().statusCode(200).extract().jsonPath();
            for (Map<String, Object> set : list.<Map<String, Object>>getList("tilesets")) {
                assertNotNull(set.get("tileMatrixSetURI"), set.toString());
                // the suite reads tileMatrixSetId and the first limits from the list, and asks for the tile at
                // (that tile matrix, maxTileRow, minTileCol): 200 or 204; one row below it: 404 or 400
                String id = (String) set.get("tileMatrixSetId");
                assertNotNull(TileMatrixSet.byId(id).orElse(null), set.toString());
                @SuppressWarnings("unchecked")
                Map<String, Object> first = ((List<Map<String, Object>>) set.get("tileMatrixSetLimits")).get(0);
                String tile = path + "/" + id + "/" + first.get("tileMatrix") + "/";
                int status = given().get(tile + first.get("maxTileRow") + "/" + first.get("minTileCol")).statusCode();
                assertTrue(status == 200 || status == 204, tile + ": " + status);
                given().get(tile + (((Number) first.get("maxTileRow")).longValue() + 1) + "/" + first.get("minTileCol"))
                        .then().statusCode(404);
            }
            for (String href : list.<String>getList("tilesets.links.flatten().href")) {
                assertTrue(href.startsWith(self), href);
            }
        }
        for (String path : List.of("/tiles/WebMercatorQuad", "/collections/buurten/tiles/NetherlandsRDNewQuad",
                "/tileMatrixSets", "/tileMatrixSets/NetherlandsRDNewQuad")) {
            for (String href : given().get(path).then().statusCode(200).extract().jsonPath().<String>getList("links.href")) {
                assertTrue(href.startsWith(self), path + ": " + href);
            }
        }
        // the block of tiles the suite's recipe names (Zwolle at level 10: rows 335-336, column 529)
        for (int row = 335; row <= 336; row++) {
            given().get("/collections/buurten/tiles/WebMercatorQuad/10/" + row + "/529").then().statusCode(200);
        }
    }

    @Test
    void badRequestsAreProblems() {
        String base = "/collections/buurten/tiles/";
        // 400: not whole numbers, a malformed datetime, an interval, an unknown parameter or format
        for (String path : List.of(base + "WebMercatorQuad/a/1/1", base + "WebMercatorQuad/10/1.5/1",
                base + "WebMercatorQuad/10/1/x", base + "WebMercatorQuad/10/0/0?datetime=yesterday",
                base + "WebMercatorQuad/10/0/0?datetime=2026-01-01T00:00:00Z/..",
                base + "WebMercatorQuad/10/0/0?bbox=1,2,3,4", base + "WebMercatorQuad/10/0/0?f=png",
                base + "WebMercatorQuad?f=xml", base + "WebMercatorQuad?datetime=2026-13-01T00:00:00Z",
                "/tiles/WebMercatorQuad/10/0/0?datetime=1")) {
            given().get(path).then().statusCode(400).contentType(startsWith("application/problem+json"))
                    .body("status", equalTo(400));
        }
        given().get(base + "WebMercatorQuad/10/0/0?datetime=yesterday").then().body("parameter", equalTo("datetime"));
        given().get(base + "WebMercatorQuad/q/0/0").then().body("parameter", equalTo("tileMatrix"));
        // 404: an unknown set, a level beyond the set, a row or column outside the matrix, a level outside the layer's
        for (String path : List.of(base + "WorldCRS84Quad/10/0/0", base + "WorldCRS84Quad",
                base + "WebMercatorQuad/25/0/0", base + "NetherlandsRDNewQuad/17/0/0", base + "WebMercatorQuad/3/8/0",
                base + "WebMercatorQuad/3/0/8", base + "WebMercatorQuad/3/-1/0", base + "WebMercatorQuad/3/0/99999999999999999999",
                base + "WebMercatorQuad/21/0/0", "/collections/addresses/tiles/WebMercatorQuad/14/0/0",
                "/collections/nosuch/tiles/WebMercatorQuad/10/0/0", "/collections/nosuch/tiles",
                "/tiles/WebMercatorQuad/21/0/0", "/tiles/NoSuchSet/1/0/0")) {
            given().get(path).then().statusCode(404).contentType(startsWith("application/problem+json"))
                    .body("status", equalTo(404));
        }
    }

    /** tweeling.layer.tiles is read at request time; a value that cannot be used gives the defaults. */
    @Test
    void aLayersTileRulesAreReadAsTheyChange() {
        String layer = "tiles_rules_" + UUID.randomUUID().toString().substring(0, 8);
        TestDatabase.update("CREATE TABLE tweeling." + layer + " (LIKE tweeling.facilities INCLUDING DEFAULTS"
                + " INCLUDING GENERATED INCLUDING IDENTITY)");
        TestDatabase.update("INSERT INTO tweeling." + layer + " (feature_id, kind, name, geom, source)"
                + " VALUES ('a', 'school', 'A', ST_SetSRID(ST_MakePoint(203000, 503000), 28992), 'test')");
        TestDatabase.update("INSERT INTO tweeling.layer (id, title, table_name, geometry_type, source, tiles)"
                + " VALUES (?, 'Rules test', ?, 'Point', 'test', '{\"minzoom\": \"twelve\"}')", layer, layer);
        registry.invalidate();
        String tileJson = "/collections/" + layer + "/tiles/WebMercatorQuad?f=tilejson";
        given().get(tileJson).then().statusCode(200).body("minzoom", equalTo(0)).body("maxzoom", equalTo(20));
        TestDatabase.update("UPDATE tweeling.layer SET tiles = '{\"minzoom\": 12, \"maxzoom\": 16}' WHERE id = ?", layer);
        double[] lonLat = transformed(203000, 503000, 4326);
        long[] rc11 = Mvt.webMercatorTile(lonLat[0], lonLat[1], 11);
        long[] rc12 = Mvt.webMercatorTile(lonLat[0], lonLat[1], 12);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                given().get(tileJson).then().statusCode(200).body("minzoom", equalTo(12)).body("maxzoom", equalTo(16)));
        given().get("/collections/" + layer + "/tiles/WebMercatorQuad/11/" + rc11[0] + "/" + rc11[1]).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        given().get("/collections/" + layer + "/tiles/WebMercatorQuad/12/" + rc12[0] + "/" + rc12[1]).then().statusCode(200);
        given().get("/collections/" + layer + "/tiles/NetherlandsRDNewQuad?f=tilejson").then().statusCode(200)
                .body("minzoom", equalTo(7)).body("maxzoom", equalTo(11));
    }

    /** A layer the caller may not see is a 404 as on the items path; restricted properties are absent. */
    @Test
    void accessIsAsOnTheItemsPath() throws Exception {
        String layer = "tiles_acc_" + UUID.randomUUID().toString().substring(0, 8);
        TestDatabase.update("CREATE TABLE tweeling." + layer + " (LIKE tweeling.facilities INCLUDING DEFAULTS"
                + " INCLUDING GENERATED INCLUDING IDENTITY)");
        TestDatabase.update("INSERT INTO tweeling." + layer + " (feature_id, kind, name, geom, source)"
                + " VALUES ('a', 'school', 'Secret school', ST_SetSRID(ST_MakePoint(203000, 503000), 28992), 'test')");
        TestDatabase.update("INSERT INTO tweeling.layer (id, title, table_name, geometry_type, source, access)"
                + " VALUES (?, 'Access test', ?, 'Point', 'test', 'planner')", layer, layer);
        registry.invalidate();
        double[] lonLat = transformed(203000, 503000, 4326);
        long[] rc = Mvt.webMercatorTile(lonLat[0], lonLat[1], 14);
        String tile = "/collections/" + layer + "/tiles/WebMercatorQuad/14/" + rc[0] + "/" + rc[1];
        String planner = TestDatabase.newApiKey("planner");
        given().header("X-API-Key", planner).get("/collections/" + layer + "/items").then().statusCode(200);
        given().header("X-API-Key", planner).get(tile).then().statusCode(200).contentType(MVT);
        for (String path : List.of(tile, "/collections/" + layer + "/tiles", "/collections/" + layer
                + "/tiles/WebMercatorQuad", "/collections/" + layer + "/tiles/WebMercatorQuad?f=tilejson")) {
            String hidden = given().get(path).then().statusCode(404).contentType(startsWith("application/problem+json"))
                    .extract().path("detail");
            String none = given().get(path.replace(layer, "nosuch_layer")).then().statusCode(404).extract().path("detail");
            assertEquals(none.replace("nosuch_layer", "X"), hidden.replace(layer, "X"), "hidden looks like missing");
        }

        // addresses.residents is for planners (V006)
        Object[] a = TestDatabase.row("SELECT feature_id, ST_X(geom), ST_Y(geom) FROM tweeling.addresses"
                + " WHERE valid_to IS NULL ORDER BY fid LIMIT 1");
        double[] ll = transformed(((Number) a[1]).doubleValue(), ((Number) a[2]).doubleValue(), 4326);
        long[] arc = Mvt.webMercatorTile(ll[0], ll[1], 17);
        String path = "/collections/addresses/tiles/WebMercatorQuad/17/" + arc[0] + "/" + arc[1];
        Mvt.Feature anonymous = Mvt.decode(tile(path), TileMatrixSet.WEB_MERCATOR_QUAD, 17, arc[0], arc[1]).stream()
                .filter(f -> a[0].equals(f.get("feature_id"))).findFirst().orElseThrow();
        assertNull(anonymous.get("residents"), anonymous.toString());
        assertNotNull(anonymous.get("street"), anonymous.toString());
        byte[] asPlanner = given().header("X-API-Key", planner).get(path).then().statusCode(200).extract().asByteArray();
        Mvt.Feature seen = Mvt.decode(asPlanner, TileMatrixSet.WEB_MERCATOR_QUAD, 17, arc[0], arc[1]).stream()
                .filter(f -> a[0].equals(f.get("feature_id"))).findFirst().orElseThrow();
        assertNotNull(seen.get("residents"), seen.toString());
        assertFalse(given().get("/collections/addresses/tiles/WebMercatorQuad?f=tilejson").then().extract().asString()
                .contains("residents"));
        Map<String, Object> inDataset = given().get("/tiles/WebMercatorQuad").then().statusCode(200).extract()
                .path("layers.find { it.id == 'addresses' }.propertiesSchema.properties");
        assertTrue(inDataset.containsKey("street") && !inDataset.containsKey("residents"), inDataset.keySet().toString());
        Map<String, Object> forPlanner = given().header("X-API-Key", planner).get("/tiles/WebMercatorQuad").then()
                .statusCode(200).extract().path("layers.find { it.id == 'addresses' }.propertiesSchema.properties");
        assertTrue(forPlanner.containsKey("residents"), forPlanner.keySet().toString());
    }
}
