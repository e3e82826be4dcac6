package nl.tweeling.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.Layer;

/** The plain-Java parts of tiles: tile matrix sets, tile rules, tile requests, entity tags. */
class TileUnitsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tileMatrixSetsAsOgc17083AndPdokDefineThem() {
        TileMatrixSet wm = TileMatrixSet.WEB_MERCATOR_QUAD;
        assertEquals(559082264.0287178, wm.cellSize(0) / TileMatrixSet.PIXEL_SIZE_M, 1e-6);
        assertEquals(0.0093306, wm.cellSize(24), 1e-7);
        assertEquals(2 * 20037508.3427892, wm.extentSize(), 1e-6);
        TileMatrixSet rd = TileMatrixSet.NETHERLANDS_RD_NEW_QUAD;
        assertEquals(12288000, rd.cellSize(0) / TileMatrixSet.PIXEL_SIZE_M, 1e-6);
        assertEquals(880803.84, rd.extentSize(), 1e-6);
        double[] b = rd.bounds();
        assertEquals(-285401.92, b[0], 1e-9);
        assertEquals(22598.08, b[1], 1e-6);
        assertEquals(595401.92, b[2], 1e-6);
        assertEquals(903401.92, b[3], 1e-9);
        // a level of RD New has about the ground resolution of WebMercatorQuad's level + 5 at 52.5° N
        assertEquals(5, rd.webMercatorLevel(0));
        assertEquals(19, rd.webMercatorLevel(14));
        assertEquals(14, wm.webMercatorLevel(14));
        assertEquals(TileMatrixSet.NETHERLANDS_RD_NEW_QUAD, TileMatrixSet.byId("NetherlandsRDNewQuad").orElseThrow());
        assertTrue(TileMatrixSet.byId("webmercatorquad").isEmpty(), "ids are case-sensitive");
    }

    @Test
    void rulesTakeTheirDefaultsAndPropertiesPerLevel() throws Exception {
        assertEquals(TileRules.DEFAULT, TileRules.parse(JSON.readTree("{}")));
        TileRules r = TileRules.parse(JSON.readTree(
                "{\"minzoom\": 13, \"simplify\": 1, \"properties\": [{\"maxzoom\": 14, \"only\": [\"use\"]}]}"));
        assertFalse(r.covers(12));
        assertTrue(r.covers(13));
        assertTrue(r.covers(TileRules.DEFAULT_MAX_ZOOM));
        assertFalse(r.covers(TileRules.DEFAULT_MAX_ZOOM + 1));
        assertEquals(List.of("use"), r.propertiesAt(14));
        assertNull(r.propertiesAt(15));
        assertEquals(1.0, r.simplify());
        for (String bad : List.of("[]", "{\"minzoom\": 5, \"maxzoom\": 4}", "{\"minzoom\": -1}", "{\"zoom\": 3}",
                "{\"simplify\": \"a\"}", "{\"properties\": {}}", "{\"properties\": [{\"only\": [1]}]}")) {
            assertThrows(IllegalArgumentException.class, () -> TileRules.parse(JSON.readTree(bad)), bad);
        }
    }

    @Test
    void propertiesLeaveOutLineageAndWhatATileCannotHold() {
        Layer layer = new Layer("l", "L", "", "tweeling", "l", "Point", "s", "CC0-1.0", 0, null, null, null, List.of(
                new Layer.Column("name", "text"), new Layer.Column("height", "float4"),
                new Layer.Column("valid_from", "timestamptz"), new Layer.Column("source", "text"),
                new Layer.Column("shape2", "geometry"), new Layer.Column("built", "date")));
        assertEquals(List.of("name", "height", "built"),
                TileService.properties(layer, null).stream().map(Layer.Column::name).toList());
        assertEquals(List.of("height"),
                TileService.properties(layer, List.of("height", "source", "nosuch")).stream().map(Layer.Column::name).toList());
        assertEquals("t.\"height\"", TileRepository.value(new Layer.Column("height", "float4")));
        assertEquals("t.\"tags\"::text", TileRepository.value(new Layer.Column("tags", "jsonb")));
        assertEquals("(to_json(t.\"built\") #>> '{}')", TileRepository.value(new Layer.Column("built", "date")));
        assertEquals("Number", TileRepository.fieldType(new Layer.Column("n", "numeric")));
    }

    @Test
    void tileRequestsAre400WhenMalformedAnd404WhenOutside() {
        TileQuery q = TileQuery.parse("WebMercatorQuad", "3", "2", "5", Map.of("datetime", List.of("2026-01-01T00:00:00+01:00")));
        assertEquals(3, q.level());
        assertEquals(2, q.row());
        assertEquals(5, q.col());
        assertEquals(Instant.parse("2025-12-31T23:00:00Z"), q.at());
        assertNull(TileQuery.parse("NetherlandsRDNewQuad", "16", "65535", "0", Map.of()).at());
        assertStatus(400, "tileMatrix", () -> TileQuery.parse("WebMercatorQuad", "x", "0", "0", Map.of()));
        assertStatus(400, "tileRow", () -> TileQuery.parse("WebMercatorQuad", "3", "+1", "0", Map.of()));
        assertStatus(400, "tileCol", () -> TileQuery.parse("WebMercatorQuad", "3", "0", "", Map.of()));
        assertStatus(400, "datetime", () -> TileQuery.parse("WebMercatorQuad", "3", "0", "0",
                Map.of("datetime", List.of("2026-01-01"))));
        assertStatus(400, "bbox", () -> TileQuery.parse("WebMercatorQuad", "3", "0", "0", Map.of("bbox", List.of("1"))));
        assertStatus(400, "f", () -> TileQuery.parse("WebMercatorQuad", "3", "0", "0", Map.of("f", List.of("json"))));
        assertStatus(404, null, () -> TileQuery.parse("WebMercatorQuad", "25", "0", "0", Map.of()));
        assertStatus(404, null, () -> TileQuery.parse("WebMercatorQuad", "3", "8", "0", Map.of()));
        assertStatus(404, null, () -> TileQuery.parse("WebMercatorQuad", "3", "-1", "0", Map.of()));
        assertStatus(404, null, () -> TileQuery.parse("NetherlandsRDNewQuad", "17", "0", "0", Map.of()));
        assertStatus(404, null, () -> TileQuery.parse("NetherlandsRDNewQuad", "2", "0", "123456789012345678901", Map.of()));
        assertStatus(404, null, () -> TileQuery.parse("GoogleMapsCompatible", "2", "0", "0", Map.of()));
    }

    @Test
    void entityTagsAreStrongAndIfNoneMatchComparesWeakly() {
        String tag = TileService.etag(new byte[] {1, 2, 3});
        assertTrue(tag.matches("\"[0-9a-f]{32}\""), tag);
        assertEquals(tag, TileService.etag(new byte[] {1, 2, 3}));
        assertFalse(tag.equals(TileService.etag(new byte[] {1, 2, 4})));
        assertTrue(TileService.matches(tag, tag));
        assertTrue(TileService.matches("W/" + tag, tag));
        assertTrue(TileService.matches("\"a\", " + tag, tag));
        assertTrue(TileService.matches("*", tag));
        assertFalse(TileService.matches("\"a\"", tag));
        assertFalse(TileService.matches(null, tag));
    }

    private static void assertStatus(int status, String parameter, Runnable r) {
        TweelingException e = assertThrows(TweelingException.class, r::run);
        assertEquals(status, e.status(), e.getMessage());
        assertEquals(parameter, e.parameter(), e.getMessage());
    }
}
