package nl.tweeling.feature.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

import nl.tweeling.common.geo.CrsChoice;
import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.Layer;
import nl.tweeling.platform.security.ApiKey;
import nl.tweeling.platform.security.Caller;
import nl.tweeling.platform.security.Role;

/** Validation of request bodies, plain Java: JSON in, typed values and geometry (WKT) or every problem out. */
class FeatureInputTest {

    static final List<Layer.Column> COLUMNS = List.of(
            new Layer.Column("name", "text"),
            new Layer.Column("height_m", "float4"),
            new Layer.Column("construction_year", "int2"),
            new Layer.Column("dwellings", "int4"),
            new Layer.Column("listed", "bool"),
            new Layer.Column("surveyed", "date"),
            new Layer.Column("checked_at", "timestamptz"),
            new Layer.Column("tags", "_text"),
            new Layer.Column("secret", "text"),
            new Layer.Column("valid_from", "timestamptz"),
            new Layer.Column("source", "text"));

    static final Map<String, EditSchema.ColumnRule> RULES = Map.of(
            "name", new EditSchema.ColumnRule(false, false, false),
            "dwellings", new EditSchema.ColumnRule(false, true, false));

    static Layer layer(String geometryType) {
        return new Layer("test", "Test", "", "tweeling", "test", geometryType, "test", "CC0", 0, null, null, null,
                COLUMNS, List.of(), "", null, "public", Map.of("secret", "planner"), null);
    }

    static final Caller EDITOR = new Caller(new ApiKey("ed", java.util.Set.of(Role.EDITOR)));
    static final Caller ADMIN = new Caller(new ApiKey("ad", java.util.Set.of(Role.ADMIN)));

    static EditSchema schema(String geometryType, Caller caller) {
        return EditSchema.of(layer(geometryType).seenBy(caller), RULES);
    }

    static final String SQUARE = "{\"type\":\"Polygon\",\"coordinates\":[[[6.0,52.5],[6.001,52.5],[6.001,52.501],"
            + "[6.0,52.501],[6.0,52.5]]]}";

    static FeatureEdit create(String body, String geometryType, Caller caller, CrsChoice crs) {
        return FeatureInput.create(FeatureInput.json(body), schema(geometryType, caller), crs);
    }

    static List<String> problems(Runnable r) {
        TweelingException e = assertThrows(TweelingException.class, r::run);
        assertEquals(400, e.status(), e.getMessage());
        return e.errors().stream().map(m -> m.get("name") + ": " + m.get("reason")).collect(Collectors.toList());
    }

    @Test
    void aValidFeatureGivesTypedValuesDefaultsAndAPromotedGeometry() {
        FeatureEdit edit = create("{\"type\":\"Feature\",\"id\":\"ignored\",\"geometry\":" + SQUARE + ",\"properties\":{"
                + "\"name\":\"Huis\",\"height_m\":12.5,\"construction_year\":1931,\"listed\":true,"
                + "\"surveyed\":\"2026-01-31\",\"checked_at\":\"2026-01-31T12:00:00+01:00\",\"tags\":[\"a\",\"b\"],"
                + "\"valid_from\":\"2000-01-01T00:00:00Z\",\"source\":\"me\"},\"links\":[]}",
                "MultiPolygon", EDITOR, CrsChoice.CRS84);
        Map<String, Object> v = edit.values();
        assertEquals("Huis", v.get("name"));
        assertEquals(12.5, v.get("height_m"));
        assertEquals(1931L, v.get("construction_year"));
        assertEquals(Boolean.TRUE, v.get("listed"));
        assertEquals(LocalDate.of(2026, 1, 31), v.get("surveyed"));
        assertEquals(OffsetDateTime.parse("2026-01-31T12:00:00+01:00"), v.get("checked_at"));
        assertEquals(List.of("a", "b"), v.get("tags"));
        // left out: the default where the column has one, else empty
        assertSame(FeatureEdit.DEFAULT, v.get("dwellings"));
        assertTrue(v.containsKey("dwellings"));
        // lineage is the server's: ignored, never written; a property the editor may not see is not written either
        assertFalse(v.containsKey("valid_from"));
        assertFalse(v.containsKey("source"));
        assertFalse(v.containsKey("secret"));
        assertEquals("MultiPolygon", edit.geometry().getGeometryType());
        assertEquals(4326, edit.geometry().getSRID());
    }

    @Test
    void everyProblemOfABodyIsNamedInOneAnswer() {
        List<String> p = problems(() -> create("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
                + "\"coordinates\":[6.0,52.5]},\"properties\":{\"nosuch\":1,\"height_m\":\"high\","
                + "\"construction_year\":40000,\"listed\":\"yes\",\"surveyed\":\"31-01-2026\",\"tags\":[1]},\"extra\":1}",
                "MultiPolygon", EDITOR, CrsChoice.CRS84));
        String all = String.join("\n", p);
        for (String expected : List.of("properties.nosuch: is not a property of test",
                "properties.height_m: must be a number or null", "properties.construction_year: must be an integer from -32768 to 32767",
                "properties.listed: must be true or false", "properties.surveyed: must be a date",
                "properties.tags: must be an array of strings", "properties.name: is required",
                "geometry.type: is a Point; this layer holds MultiPolygon", "extra: is not a member")) {
            assertTrue(all.contains(expected), expected + " in\n" + all);
        }
        assertEquals(9, p.size(), all);
    }

    @Test
    void aPropertyTheCallerMayNotSeeIsAnsweredAsOneThatDoesNotExist() {
        String body = "{\"type\":\"Feature\",\"geometry\":" + SQUARE + ",\"properties\":{\"name\":\"x\",\"%s\":\"v\"}}";
        String hidden = problems(() -> create(String.format(body, "secret"), "MultiPolygon", EDITOR, CrsChoice.CRS84)).get(0);
        String missing = problems(() -> create(String.format(body, "nosuch"), "MultiPolygon", EDITOR, CrsChoice.CRS84)).get(0);
        assertEquals(missing.replace("nosuch", "X"), hidden.replace("secret", "X"));
        assertFalse(hidden.contains("secret,"), "the list of properties does not name it: " + hidden);
        // an admin sees it and may write it
        assertEquals("v", create(String.format(body, "secret"), "MultiPolygon", ADMIN, CrsChoice.CRS84).values().get("secret"));
    }

    @Test
    void epsg4326IsLatitudeFirstAndOtherCrssAreEastingFirst() {
        String point = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%s]},\"properties\":{\"name\":\"p\"}}";
        Point lonLat = (Point) create(String.format(point, "6.09, 52.51"), "Point", EDITOR, CrsChoice.CRS84).geometry();
        Point latLon = (Point) create(String.format(point, "52.51, 6.09"), "Point", EDITOR, CrsChoice.EPSG_4326).geometry();
        assertEquals(lonLat.getX(), latLon.getX());
        assertEquals(lonLat.getY(), latLon.getY());
        assertEquals(4326, latLon.getSRID());
        Point rd = (Point) create(String.format(point, "203000, 503000, 4.5"), "Point", EDITOR, CrsChoice.EPSG_28992).geometry();
        assertEquals("POINT (203000 503000)", rd.toText());
        assertEquals(28992, rd.getSRID());
        // lon/lat sent as EPSG:4326 is out of range there: said with the axis order
        String p = problems(() -> create(String.format(point, "152.51, 6.09"), "Point", EDITOR, CrsChoice.EPSG_4326)).get(0);
        assertTrue(p.contains("latitude first"), p);
    }

    @Test
    void anInvalidPolygonIsRepairedWhenItsAreaStaysElseRefusedWithTheReason() {
        // a ring that touches itself at a vertex (an inverted hole): valid as a polygon with a hole, same area
        String touching = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,10],[0,10],[0,0],[4,4],[4,6],[6,6],[6,4],[4,4],[0,0]]]}";
        FeatureEdit repaired = create("{\"type\":\"Feature\",\"geometry\":" + touching + ",\"properties\":{\"name\":\"r\"}}",
                "MultiPolygon", EDITOR, CrsChoice.EPSG_28992);
        assertTrue(repaired.geometry().isValid());
        assertEquals(96.0, repaired.geometry().getArea(), 1e-9);
        assertEquals("MultiPolygon", repaired.geometry().getGeometryType());
        // a bow tie: its repair is two triangles, an area the sender never drew
        String bowTie = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,10],[10,0],[0,10],[0,0]]]}";
        String p = problems(() -> create("{\"type\":\"Feature\",\"geometry\":" + bowTie + ",\"properties\":{\"name\":\"b\"}}",
                "MultiPolygon", EDITOR, CrsChoice.EPSG_28992)).get(0);
        assertTrue(p.startsWith("geometry: is invalid (self-intersection at (5.0, 5.0))"), p);
        assertTrue(p.contains("area"), p);
        // an unclosed ring cannot be built
        String open = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,10],[0,10],[0,1]]]}";
        p = problems(() -> create("{\"type\":\"Feature\",\"geometry\":" + open + ",\"properties\":{\"name\":\"o\"}}",
                "MultiPolygon", EDITOR, CrsChoice.EPSG_28992)).get(0);
        assertTrue(p.startsWith("geometry.coordinates[0]: a ring must end where it starts"), p);
    }

    @Test
    void aMergePatchNamesOnlyWhatChanges() {
        FeatureEdit edit = FeatureInput.update(FeatureInput.json("{\"properties\":{\"height_m\":null,\"listed\":false,"
                + "\"source\":\"x\"}}"), schema("MultiPolygon", EDITOR), CrsChoice.CRS84, "f1");
        assertEquals(2, edit.values().size(), edit.values().toString());
        assertTrue(edit.values().containsKey("height_m"));
        assertNull(edit.values().get("height_m"));
        assertEquals(Boolean.FALSE, edit.values().get("listed"));
        assertNull(edit.geometry());
        List<String> p = problems(() -> FeatureInput.update(FeatureInput.json("{\"id\":\"other\",\"geometry\":null,"
                + "\"properties\":{\"name\":null}}"), schema("MultiPolygon", EDITOR), CrsChoice.CRS84, "f1"));
        String all = String.join("\n", p);
        assertTrue(all.contains("id: is 'other' but the path names feature 'f1'"), all);
        assertTrue(all.contains("geometry: cannot be removed"), all);
        assertTrue(all.contains("properties.name: cannot be emptied"), all);
        assertEquals(3, p.size(), all);
    }

    @Test
    void notJsonOrNotAnObjectIsA400() {
        TweelingException e = assertThrows(TweelingException.class, () -> FeatureInput.json("{\"type\":"));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        assertEquals(400, assertThrows(TweelingException.class, () -> FeatureInput.json(" ")).status());
        assertEquals(List.of("(body): must be a GeoJSON Feature object"),
                problems(() -> create("[1]", "Point", EDITOR, CrsChoice.CRS84)));
    }

    @Test
    void ifMatchAndEntityTags() {
        Version v = new Version("f1", Version.token(42, java.time.Instant.parse("2026-12-07T10:00:00.123456Z")), null);
        assertEquals(428, assertThrows(TweelingException.class, () -> EditHttp.ifMatch(null)).status());
        assertEquals(428, assertThrows(TweelingException.class, () -> EditHttp.ifMatch(" ")).status());
        assertEquals(400, assertThrows(TweelingException.class, () -> EditHttp.ifMatch("abc")).status());
        EditHttp.check(EditHttp.ifMatch("*"), v);
        EditHttp.check(EditHttp.ifMatch(EditHttp.etag(v, null)), v);
        // any representation's tag of the current version, in a list
        EditHttp.check(EditHttp.ifMatch("\"zz-1\", " + EditHttp.etag(v, EditHttp.variant(false, "html"))), v);
        assertEquals(412, assertThrows(TweelingException.class, () -> EditHttp.check(EditHttp.ifMatch("\"zz-1\""), v)).status());
        // a weak tag never matches (strong comparison)
        assertEquals(412, assertThrows(TweelingException.class,
                () -> EditHttp.check(EditHttp.ifMatch("W/" + EditHttp.etag(v, null)), v)).status());
        assertTrue(EditHttp.etag(v, null).matches("\"[0-9a-z]+-[0-9a-z]+\""), EditHttp.etag(v, null));
    }

    @Test
    void contentCrs() {
        assertEquals(CrsChoice.CRS84, EditHttp.contentCrs(null));
        assertEquals(CrsChoice.EPSG_28992, EditHttp.contentCrs("<http://www.opengis.net/def/crs/EPSG/0/28992>"));
        assertEquals(CrsChoice.EPSG_4326, EditHttp.contentCrs("http://www.opengis.net/def/crs/EPSG/0/4326"));
        TweelingException e = assertThrows(TweelingException.class,
                () -> EditHttp.contentCrs("<http://www.opengis.net/def/crs/EPSG/0/2154>"));
        assertEquals(400, e.status());
        assertEquals("Content-Crs", e.parameter());
    }

    @Test
    void geometryTypes() {
        FeatureInput.Errors errors = new FeatureInput.Errors();
        Geometry line = GeoJsonGeometry.read(FeatureInput.json("{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1,7]]}"),
                CrsChoice.EPSG_28992, "geometry", errors);
        assertEquals("MULTILINESTRING ((0 0, 1 1))", GeometryPolicy.fit(line, "MultiLineString", "geometry", errors).toText());
        assertNull(GeometryPolicy.fit(line, "Point", "geometry", errors));
        assertEquals(1, errors.size());
        assertEquals(line, GeometryPolicy.fit(line, "Geometry", "geometry", errors));
        // a registry that spells the type in capitals (as PostGIS' geometry_columns does) promotes alike
        assertEquals("MultiLineString", GeometryPolicy.fit(line, "MULTILINESTRING", "geometry", errors).getGeometryType());
    }
}
