package nl.tweeling.process.model.flood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * The spreading rule on small hand-made grids of 10 m cells with the origin at (0, 0). A grid is written as text,
 * north row first: a number is a land cell's ground level (m above NAP), {@code W} a river cell (bed -2 m),
 * {@code .} no cell. Expected cells are worked out by hand in each test's comment.
 */
class FloodingTest {

    static final GeometryFactory GF = new GeometryFactory();
    static final WKTReader WKT = new WKTReader(GF);

    static Grid grid(String... northFirst) {
        List<Grid.Cell> cells = new ArrayList<>();
        int rows = northFirst.length;
        for (int r = 0; r < rows; r++) {
            String[] v = northFirst[r].trim().split("\\s+");
            int row = rows - 1 - r;
            for (int col = 0; col < v.length; col++) {
                if (v[col].equals(".")) {
                    continue;
                }
                boolean w = v[col].equals("W");
                cells.add(new Grid.Cell(col * 10, row * 10, col * 10 + 10, row * 10 + 10,
                        w ? -2 : Double.parseDouble(v[col]), w));
            }
        }
        return Grid.of(cells);
    }

    static Dike dike(String wkt, double crest) {
        try {
            return new Dike("d", "s", crest, WKT.read(wkt));
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    static boolean[] flood(Grid g, List<Dike> dikes, Breach breach, double level) {
        return Flooding.spread(g, Flooding.crests(g, dikes, breach), level);
    }

    /** The wet land cells as a picture like the grid's: {@code #} wet, {@code -} dry, {@code W} river. */
    static String picture(Grid g, boolean[] wet) {
        StringBuilder sb = new StringBuilder();
        for (int row = g.rows() - 1; row >= 0; row--) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            for (int col = 0; col < g.columns(); col++) {
                int i = row * g.columns() + col;
                sb.append(g.water(i) ? (wet[i] ? 'W' : 'w') : (wet[i] ? '#' : '-'));
            }
        }
        return sb.toString();
    }

    static int wetLand(Grid g, boolean[] wet) {
        int n = 0;
        for (int i = 0; i < g.cells(); i++) {
            if (wet[i] && !g.water(i)) {
                n++;
            }
        }
        return n;
    }

    static final String[] STRIP = {
            "W 1 1 1 1",
            "W 1 1 1 1",
            "W 1 1 1 1"};
    /** Along the river, through column 1 only (x 10–20). */
    static final Dike RIVER_DIKE = dike("LINESTRING (15 0, 15 30)", 3);

    @Test
    void aDikeHoldsWaterBelowItsCrestAndIsOvertoppedAbove() {
        Grid g = grid(STRIP);
        // level 2: the river (ground -2) is wet; column 1 is the dike (crest 3 >= 2): nothing behind it floods
        assertEquals("W----\nW----\nW----", picture(g, flood(g, List.of(RIVER_DIKE), null, 2)));
        // level 3: a crest equal to the level still holds
        assertEquals(0, wetLand(g, flood(g, List.of(RIVER_DIKE), null, 3)));
        // level 3.5: over the crest, every land cell (ground 1 < 3.5) floods
        assertEquals("W####\nW####\nW####", picture(g, flood(g, List.of(RIVER_DIKE), null, 3.5)));
        // without the dike, level 2 floods every land cell: the same grid as a bathtub
        assertEquals(12, wetLand(g, flood(g, List.of(), null, 2)));
    }

    @Test
    void aBreachOpensTheDikeAroundItsPoint() {
        Grid g = grid(STRIP);
        // breach at (15, 15), 10 m wide: only cell (1, 1) comes within 5 m of it (its neighbours along the dike are
        // exactly 5 m away). Water enters there and fills columns 2-4; dike cells (1, 0) and (1, 2) stay dry.
        boolean[] wet = flood(g, List.of(RIVER_DIKE), new Breach(15, 15, 10), 2);
        assertEquals("W-###\nW####\nW-###", picture(g, wet));
        // a 30 m breach (15 m around the point) opens all three dike cells
        assertEquals("W####\nW####\nW####", picture(g, flood(g, List.of(RIVER_DIKE), new Breach(15, 15, 30), 2)));
        // a breach far from the dike changes nothing
        assertEquals(0, wetLand(g, flood(g, List.of(RIVER_DIKE), new Breach(45, 15, 10), 2)));
    }

    @Test
    void aPolderBehindItsOwnDikeStaysDryUnlessTheWaterComesOverIt() {
        Grid g = grid(
                "W 1 1 1 1 1 1",
                "W 1 1 1 -0.5 -0.5 1",
                "W 1 1 1 -0.5 -0.5 1",
                "W 1 1 1 -0.5 -0.5 1",
                "W 1 1 1 1 1 1");
        // the polder (columns 4-5, rows 1-3, ground -0.5) has a ring dike (crest 2.5) through columns 3 and 6 and
        // rows 0 and 4; the river dike (crest 3) runs through column 1 and is breached at (15, 25): cell (1, 2)
        List<Dike> dikes = List.of(dike("LINESTRING (15 0, 15 50)", 3),
                dike("LINESTRING (35 5, 65 5, 65 45, 35 45, 35 5)", 2.5));
        Breach breach = new Breach(15, 25, 10);
        // level 2: water comes through the breach into column 2, stops at the ring dike: the polder stays dry
        // though its ground lies 2.5 m below the level
        assertEquals("""
                W-#----
                W-#----
                W##----
                W-#----
                W-#----""", picture(g, flood(g, dikes, breach, 2)));
        // without the breach the river dike holds: nothing floods
        assertEquals(0, wetLand(g, flood(g, dikes, null, 2)));
        // level 2.6: over the ring (2.5) but not the river dike (3): all but the four unbreached river-dike cells
        boolean[] wet = flood(g, dikes, breach, 2.6);
        assertEquals("""
                W-#####
                W-#####
                W######
                W-#####
                W-#####""", picture(g, wet));
        assertEquals(26, wetLand(g, wet));
    }

    @Test
    void aLevelBelowEveryCellFloodsNothing() {
        Grid g = grid(STRIP);
        boolean[] wet = flood(g, List.of(RIVER_DIKE), null, -3);
        for (boolean w : wet) {
            assertFalse(w, "the river bed (-2) is above -3: not even the river is wet");
        }
        // a level equal to the bed: still nothing (water needs ground below the level)
        assertEquals("w----\nw----\nw----", picture(g, flood(g, List.of(), null, -2)));
    }

    @Test
    void aLevelAboveEveryCrestFloodsEveryCellBelowIt() {
        Grid g = grid(
                "W 1 2 9 1",
                "W 0 3 1 1",
                "W 1 2 1 5.5");
        List<Dike> dikes = List.of(RIVER_DIKE, dike("LINESTRING (35 0, 35 30)", 4));
        double level = 6;
        boolean[] wet = flood(g, dikes, null, level);
        // every land cell below 6 m floods (all but the 9 m cell), with depth 6 - ground
        assertEquals("W##-#\nW####\nW####", picture(g, wet));
        FloodAreas.Area deepest = null;
        for (FloodAreas.Area a : FloodAreas.of(g, wet, level, GF)) {
            if (deepest == null || a.maxDepthM() > deepest.maxDepthM()) {
                deepest = a;
            }
        }
        assertEquals(6.0, deepest.maxDepthM(), 1e-9, "the 0 m cell is 6 m deep");
        assertEquals(0.5, FloodAreas.of(g, wet, level, GF).stream().mapToDouble(FloodAreas.Area::minDepthM).min()
                .orElseThrow(), 1e-9, "the 5.5 m cell is 0.5 m deep");
    }

    @Test
    void waterCrossesEdgesNotCorners() {
        Grid g = grid(
                "W 1 9",
                "9 9 1");
        // (2, 0) touches the wet cell (1, 1) only at a corner: it stays dry under 4-connectivity
        assertEquals("W#-\n---", picture(g, flood(g, List.of(), null, 5)));
    }

    @Test
    void placesWithoutACellNeverFlood() {
        Grid g = grid("W . 1");
        assertEquals(0, wetLand(g, flood(g, List.of(), null, 5)));
    }

    @Test
    void areasMergeConnectedCellsOfOneDepthClass() throws ParseException {
        Grid g = grid(STRIP);
        boolean[] wet = flood(g, List.of(RIVER_DIKE), new Breach(15, 15, 10), 2);
        List<FloodAreas.Area> areas = FloodAreas.of(g, wet, 2, GF);
        assertEquals(1, areas.size());
        FloodAreas.Area a = areas.get(0);
        // depth 2 - 1 = 1 m: class "1-2 m"; cells (1, 1) and columns 2-4: ten cells of 100 m²
        assertEquals("1-2 m", a.label());
        assertEquals(10, a.cells());
        assertEquals(1000, a.areaM2(), 1e-9);
        Geometry expected = WKT.read("POLYGON ((20 0, 50 0, 50 30, 20 30, 20 20, 10 20, 10 10, 20 10, 20 0))");
        assertTrue(expected.equalsTopo(a.geometry()), a.geometry().toText());
        assertEquals(1000, a.geometry().getArea(), 1e-9);
    }

    @Test
    void areasSplitByDepthClass() {
        Grid g = grid("W 0.2 1.8 1.8");
        boolean[] wet = flood(g, List.of(), null, 2);
        List<FloodAreas.Area> areas = FloodAreas.of(g, wet, 2, GF);
        // depths 1.8 (class 1-2 m) and 0.2, 0.2 (class 0-0.5 m): two areas, shallow first
        assertEquals(2, areas.size());
        assertEquals("0-0.5 m", areas.get(0).label());
        assertEquals(2, areas.get(0).cells());
        assertEquals(0.2, areas.get(0).meanDepthM(), 1e-9);
        assertEquals("1-2 m", areas.get(1).label());
        assertEquals(1.8, areas.get(1).maxDepthM(), 1e-9);
    }

    @Test
    void aDikeAlongACellEdgeGuardsTheCellsOnBothSides() {
        Grid g = grid(STRIP);
        double[] crest = Flooding.crests(g, List.of(dike("LINESTRING (10 0, 10 30)", 3)), null);
        for (int row = 0; row < 3; row++) {
            assertEquals(3, crest[row * 5], 0, "river column");
            assertEquals(3, crest[row * 5 + 1], 0, "column 1");
            assertTrue(Double.isNaN(crest[row * 5 + 2]), "column 2 untouched");
        }
    }

    @Test
    void theHighestCrestCrossingACellGuardsIt() {
        Grid g = grid(STRIP);
        double[] crest = Flooding.crests(g, List.of(RIVER_DIKE, dike("LINESTRING (12 0, 12 30)", 4.5)), null);
        assertEquals(4.5, crest[6], 0);
        assertEquals(0, wetLand(g, Flooding.spread(g, crest, 4)), "4.5 m holds at 4 m though the other is 3 m");
    }

    @Test
    void theGridRejectsCellsOffItsLattice() {
        List<Grid.Cell> cells = new ArrayList<>(List.of(new Grid.Cell(0, 0, 10, 10, 1, false),
                new Grid.Cell(15, 0, 25, 10, 1, false)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grid.of(cells));
        assertTrue(e.getMessage().contains("one grid"), e.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> Grid.of(List.of(
                new Grid.Cell(0, 0, 10, 10, 1, false), new Grid.Cell(10, 0, 30, 20, 1, false))));
        assertTrue(size.getMessage().contains("squares of 10.00 m"), size.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> Grid.of(List.of(
                new Grid.Cell(0, 0, 10, 10, 1, false), new Grid.Cell(0, 0, 10, 10, 2, false))));
        assertTrue(twice.getMessage().contains("two cells"), twice.getMessage());
    }
}
