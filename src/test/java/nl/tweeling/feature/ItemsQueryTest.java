package nl.tweeling.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.tweeling.common.geo.CrsChoice;
import nl.tweeling.common.problem.TweelingException;

class ItemsQueryTest {

    static final Layer LAYER = new Layer("buildings", "Buildings", "", "tweeling", "buildings", "MultiPolygon", "test",
            "CC0-1.0", 0, null, null, null, List.of(
                    new Layer.Column("use", "text"), new Layer.Column("height_m", "float4"),
                    new Layer.Column("dwellings", "int4"), new Layer.Column("valid_from", "timestamptz")));

    static ItemsQuery parse(String... kv) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            params.computeIfAbsent(kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
        }
        return ItemsQuery.parse(params, LAYER, 100, 10000, (layer, text, lang, crs) -> new FeatureFilter("TRUE", List.of()));
    }

    static String rejected(String... kv) {
        return assertThrows(TweelingException.class, () -> parse(kv)).parameter();
    }

    @Test
    void defaultsWhenAbsent() {
        ItemsQuery q = parse();
        assertEquals(100, q.limit());
        assertNull(q.bbox());
        assertNull(q.cursor());
        assertEquals(CrsChoice.CRS84, q.crs());
        assertFalse(q.filtered());
    }

    @Test
    void bboxWithFourOrSixNumbersInItsCrs() {
        assertArrayEquals(new double[] {6.0, 52.4, 6.2, 52.6}, parse("bbox", "6.0,52.4,6.2,52.6").bbox());
        assertArrayEquals(new double[] {6.0, 52.4, 6.2, 52.6}, parse("bbox", "6.0,52.4,-5,6.2,52.6,100").bbox());
        ItemsQuery rd = parse("bbox", "200000,500000,205000,505000", "bbox-crs", "http://www.opengis.net/def/crs/EPSG/0/28992");
        assertEquals(CrsChoice.EPSG_28992, rd.bboxCrs());
        assertTrue(rd.filtered());
    }

    @Test
    void typedPropertyFiltersSortAndSelection() {
        ItemsQuery q = parse("use", "residential", "dwellings", "3", "sortby", "-height_m,use", "properties", "use,height_m",
                "skipGeometry", "true", "crs", "EPSG:28992");
        assertEquals(3L, q.equals().get(1).value());
        assertTrue(q.sortBy().get(0).descending());
        assertEquals(List.of("use", "height_m"), q.properties());
        assertTrue(q.skipGeometry());
        assertEquals(CrsChoice.EPSG_28992, q.crs());
    }

    @Test
    void longitudesMayCrossTheAntimeridian() {
        // west edge east of the east edge: the box across the antimeridian (OGC 17-069r4 7.15.3)
        assertArrayEquals(new double[] {177, 65, -177, 70}, parse("bbox", "177,65,-177,70").bbox());
        assertArrayEquals(new double[] {65, 177, 70, -177},
                parse("bbox", "65,177,70,-177", "bbox-crs", "http://www.opengis.net/def/crs/EPSG/0/4326").bbox());
    }

    @Test
    void malformedValuesNameTheirParameter() {
        assertEquals("limit", rejected("limit", "0"));
        assertEquals("limit", rejected("limit", "10001"));
        assertEquals("limit", rejected("limit", "1e3"));
        assertEquals("bbox", rejected("bbox", "1,2,3"));
        assertEquals("bbox", rejected("bbox", "6,53,7,52"));
        assertEquals("bbox", rejected("bbox", "53,6,52,7", "bbox-crs", "http://www.opengis.net/def/crs/EPSG/0/4326"));
        assertEquals("bbox", rejected("bbox", "205000,500000,200000,505000", "bbox-crs", "http://www.opengis.net/def/crs/EPSG/0/28992"));
        assertEquals("bbox", rejected("bbox", "170,52,190,53"));
        assertEquals("bbox", rejected("bbox", "NaN,52,6,53"));
        assertEquals("bbox", rejected("bbox", "6,-91,7,53"));
        assertEquals("bbox-crs", rejected("bbox", "6,52,7,53", "bbox-crs", "EPSG:9999"));
        assertEquals("crs", rejected("crs", "EPSG:4258"));
        assertEquals("cursor", rejected("cursor", "1 OR 1=1"));
        assertEquals("cursor", rejected("cursor", "Zm9vOjE"));
        assertEquals("dwellings", rejected("dwellings", "three"));
        assertEquals("sortby", rejected("sortby", "colour"));
        assertEquals("sortby", rejected("sortby", "use;DROP TABLE tweeling.buildings"));
        assertEquals("properties", rejected("properties", "use,colour"));
        assertEquals("skipGeometry", rejected("skipGeometry", "yes"));
        assertEquals("colour", rejected("colour", "red"));
        assertEquals("limit", rejected("limit", "1", "limit", "2"));
        assertEquals("datetime", rejected("datetime", "yesterday"));
        assertEquals("filter-lang", rejected("filter", "use = 'x'", "filter-lang", "sql"));
    }

    @Test
    void cursorRoundTripsWithSortValues() {
        String c = ItemsQuery.cursorAfter(java.util.Arrays.asList("7.5", null), 12345);
        ItemsQuery q = parse("sortby", "height_m,use", "cursor", c);
        assertEquals(12345L, q.cursor().fid());
        assertEquals(7.5, q.cursor().values().get(0));
        assertNull(q.cursor().values().get(1));
        assertEquals(false, q.cursor().backward());
        assertEquals("cursor", rejected("cursor", c));
    }

    @Test
    void prevCursorsCarryTheirDirection() {
        String c = ItemsQuery.cursorBefore(java.util.Arrays.asList("7.5", "office"), 42);
        ItemsQuery q = parse("sortby", "-height_m,use", "cursor", c);
        assertEquals(true, q.cursor().backward());
        assertEquals(42L, q.cursor().fid());
        assertEquals(java.util.Arrays.asList(7.5, "office"), q.cursor().values());
        String sideways = java.util.Base64.getUrlEncoder().encodeToString(
                "{\"v\":[],\"f\":1,\"d\":\"up\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("cursor", rejected("cursor", sideways));
        assertEquals("cursor", rejected("cursor", java.util.Base64.getUrlEncoder().encodeToString("null".getBytes())));
    }

    @Test
    void wideLayersAreBuiltInChunksOfFiftyProperties() {
        var columns = new ArrayList<Layer.Column>();
        for (int i = 0; i < 120; i++) {
            columns.add(new Layer.Column("c" + i, "text"));
        }
        columns.add(new Layer.Column("it's \"odd\"", "text"));
        Layer wide = new Layer("wide", "Wide", "", "tweeling", "wide", "Point", "test", "CC0-1.0", 0, null, null, null, columns);
        String expr = FeatureRepository.propertiesExpression(wide);
        assertEquals(3, expr.split("jsonb_build_object\\(").length - 1);
        assertTrue(expr.contains("'it''s \"odd\"', t.\"it's \"\"odd\"\"\""), expr);
    }
}
