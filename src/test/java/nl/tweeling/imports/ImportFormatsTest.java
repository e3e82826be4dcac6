package nl.tweeling.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.RealData;
import nl.tweeling.support.TestDatabase;

/** Real formats and their quirks: shapefiles with and without .dbf, GeoJSON crs members, CSV variants. */
@QuarkusTest
class ImportFormatsTest {

    @TempDir
    Path tmp;

    private static String table(String layer) {
        return "tweeling_layer.\"" + layer + "\"";
    }

    @Test
    void wijkenShapefileKeepsItsNonAsciiFieldName() {
        String layer = ImportSupport.layerName("wijken");
        String base = "boundaries/Wijkgrenzen_Zwolle.";
        JsonPath report = ImportSupport.importOk(Map.of("layer", layer), RealData.file(base + "shp"),
                RealData.file(base + "shx"), RealData.file(base + "dbf"), RealData.file(base + "prj"), RealData.file(base + "cpg"));
        assertEquals(16, report.getInt("inserted"));
        assertEquals("officiele", report.getString("fields.'OFFICIËLE'"));
        assertEquals(16L, TestDatabase.count("SELECT count(officiele) FROM " + table(layer)));
        given().get("/collections/" + layer + "/queryables").then().statusCode(200)
                .body("properties.officiele.title", equalTo("OFFICIËLE"));
        JsonPath items = given().get("/collections/" + layer + "/items?limit=20").then().statusCode(200).extract().jsonPath();
        assertEquals(16, items.getList("features").size());
        assertTrue(items.getList("features.properties.officiele", String.class).stream().allMatch(s -> s != null && !s.isBlank()));
    }

    @Test
    void addressPointsImportFromAShapefileWithoutDbf() {
        String layer = ImportSupport.layerName("adressen");
        String base = "buildings/zwolle_digitale_tweeling_adressen_2d.";
        JsonPath report = ImportSupport.importOk(Map.of("layer", layer), RealData.file(base + "shp"),
                RealData.file(base + "shx"), RealData.file(base + "prj"), RealData.file(base + "cpg"));
        assertEquals(71_888, report.getInt("inserted"));
        assertEquals(0, report.getInt("rejected"));
        assertEquals("Point", report.getString("geometryType"));
        assertEquals(71_888L, TestDatabase.count("SELECT count(*) FROM " + table(layer) + " WHERE valid_to IS NULL"));
        given().get("/collections/" + layer).then().statusCode(200);
    }

    /**
     * The municipalities file declares EPSG:4289 (Amersfoort, geographic) but holds WGS84 lon/lat. By the
     * rule (RFC 7946) its coordinates are read as WGS84. The file is heavily generalised (Zwolle has 28
     * vertices, longitudes rounded to 0.001°), so one municipality's centroid differs from the CBS 2022
     * outline by up to ~150 m either way; the datum is told by the systematic offset over all 341
     * municipalities both files have: a few metres when read as WGS84, over 100 m when EPSG:4289 is honoured.
     */
    @Test
    void geographicCrsMemberOfGeoJsonIsReadAsWgs84() {
        String quirk = ImportSupport.layerName("gemeenten-quirk");
        JsonPath report = ImportSupport.importOk(Map.of("layer", quirk),
                RealData.file("boundaries/gemeenten_crs_epsg4289_quirk.geojson"));
        assertEquals(342, report.getInt("inserted"));
        assertTrue(report.getString("sourceCrs").contains("RFC 7946") && report.getString("sourceCrs").contains("4289"),
                report.getString("sourceCrs"));
        String cbs = ImportSupport.layerName("gemeenten-cbs");
        ImportSupport.importOk(Map.of("layer", cbs), RealData.file("boundaries/cbs_gemeenten_2022_gegeneraliseerd.geojson"));

        String pairs = " FROM " + table(quirk) + " AS q JOIN " + table(cbs) + " AS c ON c.statcode = q.gemeentecode"
                + " AND c.valid_to IS NULL WHERE q.valid_to IS NULL";
        String zwolle = pairs + " AND q.gemeentecode = 'GM0193'";
        double zwolleDistance = ((Number) TestDatabase.scalar("SELECT ST_Distance(ST_Centroid(q.geom), ST_Centroid(c.geom))"
                + zwolle)).doubleValue();
        double overlap = ((Number) TestDatabase.scalar("SELECT ST_Area(ST_Intersection(q.geom, c.geom)) / ST_Area(c.geom)"
                + zwolle)).doubleValue();
        assertTrue(zwolleDistance < 200, "Zwolle's centroid is " + zwolleDistance + " m from CBS's");
        assertTrue(overlap > 0.95, "Zwolle overlaps the CBS outline by " + overlap);

        String honoured = "ST_Transform(ST_SetSRID(ST_Transform(ST_Centroid(q.geom), 4326), 4289), 28992)";
        double asRead = ((Number) TestDatabase.scalar("SELECT sqrt(avg(ST_X(ST_Centroid(q.geom)) - ST_X(ST_Centroid(c.geom)))^2"
                + " + avg(ST_Y(ST_Centroid(q.geom)) - ST_Y(ST_Centroid(c.geom)))^2)" + pairs)).doubleValue();
        double ifHonoured = ((Number) TestDatabase.scalar("SELECT sqrt(avg(ST_X(" + honoured + ") - ST_X(ST_Centroid(c.geom)))^2"
                + " + avg(ST_Y(" + honoured + ") - ST_Y(ST_Centroid(c.geom)))^2)" + pairs)).doubleValue();
        assertTrue(TestDatabase.count("SELECT count(*)" + pairs) > 300);
        assertTrue(asRead < 10, "systematic offset as read: " + asRead + " m");
        assertTrue(ifHonoured > 100, "systematic offset if EPSG:4289 were honoured: " + ifHonoured + " m");
    }

    @Test
    void csvWithWktColumnInRd() throws IOException {
        Path csv = write("monumenten.csv", "id,naam,wkt\n1,Grote Kerk,\"POINT (203390 502990)\"\n"
                + "2,Sassenpoort,\"POINT (203640 502560)\"\n", StandardCharsets.UTF_8);
        String layer = ImportSupport.layerName("csv-wkt");
        JsonPath report = ImportSupport.importOk(Map.of("layer", layer), csv);
        assertEquals(2, report.getInt("inserted"));
        assertTrue(report.getString("sourceCrs").contains("28992"), report.getString("sourceCrs"));
        assertPoint(layer, "Grote Kerk", 203390, 502990);
    }

    @Test
    void csvWithLatLonColumns() throws IOException {
        Path csv = write("punten.csv", "naam,lat,lon\nSassenpoort,52.5090,6.0950\nStation,52.5048,6.0913\n", StandardCharsets.UTF_8);
        String layer = ImportSupport.layerName("csv-latlon");
        ImportSupport.importOk(Map.of("layer", layer), csv);
        double[] rd = rd(6.0950, 52.5090);
        assertPoint(layer, "Sassenpoort", rd[0], rd[1]);
    }

    @Test
    void csvWithRdXyColumnsInLatin1() throws IOException {
        Path csv = write("cafes.csv", "naam;x;y\nCafé Ëlst;203100;503100\nDe Pelikaan;203200;503050\n",
                Charset.forName("ISO-8859-1"));
        String layer = ImportSupport.layerName("csv-rd");
        JsonPath report = ImportSupport.importOk(Map.of("layer", layer), csv);
        assertEquals("windows-1252", report.getString("encoding"));
        assertPoint(layer, "Café Ëlst", 203100, 503100);
    }

    @Test
    void givenEncodingAndCrsWin() throws IOException {
        Path csv = write("web.csv", "naam,x,y\nGrote Kerk,678560.0,6893440.0\n", StandardCharsets.UTF_8);
        String layer = ImportSupport.layerName("csv-3857");
        JsonPath report = ImportSupport.importOk(Map.of("layer", layer, "crs", "EPSG:3857", "encoding", "UTF-8"), csv);
        assertTrue(report.getString("sourceCrs").contains("3857"));
        Number x = (Number) TestDatabase.scalar("SELECT ST_X(geom) FROM " + table(layer));
        Number expected = (Number) TestDatabase.scalar(
                "SELECT ST_X(ST_Transform(ST_SetSRID(ST_MakePoint(678560.0, 6893440.0), 3857), 28992))");
        assertEquals(expected.doubleValue(), x.doubleValue(), 0.01);
    }

    private Path write(String name, String text, Charset charset) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, text.getBytes(charset));
        return f;
    }

    private static double[] rd(double lon, double lat) {
        Number x = (Number) TestDatabase.scalar("SELECT ST_X(ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 28992))", lon, lat);
        Number y = (Number) TestDatabase.scalar("SELECT ST_Y(ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 28992))", lon, lat);
        return new double[] {x.doubleValue(), y.doubleValue()};
    }

    private static void assertPoint(String layer, String naam, double x, double y) {
        Number d = (Number) TestDatabase.scalar("SELECT ST_Distance(geom, ST_SetSRID(ST_MakePoint(?, ?), 28992)) FROM "
                + table(layer) + " WHERE naam = ? AND valid_to IS NULL", x, y, naam);
        assertTrue(d != null && d.doubleValue() < 0.01, naam + " is " + d + " m from where it should be");
    }
}
