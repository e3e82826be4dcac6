package nl.tweeling.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The tile cache without the app: its byte bound, eviction by extent and by point, and the epoch check. */
class TileCacheUnitTest {

    static TileCache.Key key(String scope, long col) {
        return new TileCache.Key(scope, TileMatrixSet.WEB_MERCATOR_QUAD, 15, 10000, col, null, "view");
    }

    static TileCache.Entry entry(int bytes, String layer, double[] rd, double[] crs84) {
        return new TileCache.Entry(new byte[bytes], bytes == 0 ? null : "\"e\"", Set.of(layer), rd, crs84);
    }

    static boolean put(TileCache c, TileCache.Key k, TileCache.Entry e, String layer) {
        return c.put(k, e, List.of(layer), c.stamp(List.of(layer)));
    }

    @Test
    void staysWithinItsByteBound() {
        TileCache c = new TileCache(100_000);
        for (int i = 0; i < 1000; i++) {
            put(c, key("collection:a", i), entry(1000, "a", new double[4], new double[4]), "a");
            c.cleanUp();
            assertTrue(c.bytes() <= 100_000, "holds " + c.bytes() + " bytes after " + (i + 1) + " puts");
        }
        assertTrue(c.evictions() > 0, "it evicted to stay within the bound");
        assertTrue(c.entries() <= 100_000 / (1000 + TileCache.OVERHEAD), "entries: " + c.entries());
        assertTrue(c.entries() > 0);
    }

    @Test
    void zeroBytesTurnsItOff() {
        TileCache c = new TileCache(0);
        assertFalse(c.enabled());
        assertFalse(put(c, key("collection:a", 1), entry(10, "a", new double[4], new double[4]), "a"));
        assertNull(c.get(key("collection:a", 1)));
    }

    @Test
    void aChangeEvictsOnlyTheTilesItsBoxesMeet() {
        TileCache c = new TileCache(1 << 20);
        double[] near = {200_000, 500_000, 200_200, 500_200};
        double[] far = {210_000, 510_000, 210_200, 510_200};
        put(c, key("collection:a", 1), entry(10, "a", near, new double[4]), "a");
        put(c, key("collection:a", 2), entry(10, "a", far, new double[4]), "a");
        put(c, key("collection:b", 1), entry(10, "b", near, new double[4]), "b");
        put(c, key("dataset", 1), new TileCache.Entry(new byte[0], null, Set.of("a", "b"), near, new double[4]),
                "a");
        assertEquals(2, c.invalidate("a", List.of(new double[] {200_100, 500_100, 200_150, 500_150})),
                "the near tile of a and the dataset tile holding a");
        assertNull(c.get(key("collection:a", 1)));
        assertNull(c.get(key("dataset", 1)));
        assertNotNull(c.get(key("collection:a", 2)), "the far tile stays");
        assertNotNull(c.get(key("collection:b", 1)), "another layer's tile stays");
        assertEquals(1, c.invalidate("a", null), "null boxes: the whole layer");
        assertNull(c.get(key("collection:a", 2)));
    }

    @Test
    void anObservationEvictsTheTilesAroundItsPlace() {
        TileCache c = new TileCache(1 << 20);
        put(c, key("collection:sensors", 1), entry(10, "sensors", new double[4], new double[] {6.09, 52.50, 6.10, 52.51}),
                "sensors");
        put(c, key("collection:sensors", 2), entry(10, "sensors", new double[4], new double[] {6.20, 52.50, 6.21, 52.51}),
                "sensors");
        assertEquals(1, c.invalidateAt("sensors", List.of(new double[] {6.095, 52.505})));
        assertNull(c.get(key("collection:sensors", 1)));
        assertNotNull(c.get(key("collection:sensors", 2)));
    }

    @Test
    void aTileMadeWhileItsLayerChangedIsNotKept() {
        TileCache c = new TileCache(1 << 20);
        long[] stamp = c.stamp(List.of("a"));
        // the tile is being made from a snapshot before the change; the change's invalidation runs meanwhile
        c.invalidate("a", List.of(new double[] {0, 0, 1, 1}));
        assertFalse(c.put(key("collection:a", 1), entry(10, "a", new double[] {5, 5, 6, 6}, new double[4]), List.of("a"),
                stamp));
        assertNull(c.get(key("collection:a", 1)));
        assertTrue(put(c, key("collection:a", 1), entry(10, "a", new double[] {5, 5, 6, 6}, new double[4]), "a"));
    }
}
