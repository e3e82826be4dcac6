package nl.tweeling.sample.generator;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * The ground-level grid of the sample: square cells of {@link #CELL} m over the whole extent, each with its
 * ground level in m above NAP ({@link Terrain#groundLevel} at the cell's centre, the same smooth surface the
 * buildings' {@code ground_level_m} is drawn from, without their per-building noise) and, for cells whose
 * centre lies in a river, the river's name and its bed level instead.
 *
 * <p>50 m cells: 300 × 280 = 84,000 cells. 25 m cells would be 336,000 features (five times the addresses)
 * for a surface that is smooth at that scale; 50 m still puts at least one whole cell between each river's
 * water and its dikes, which the flood model needs (a dike must separate the river's cells from the land's).
 */
final class GroundGrid {
    static final double CELL = 50;
    static final int COLUMNS = (int) Math.round((Geo.MAX_X - Geo.MIN_X) / CELL);
    static final int ROWS = (int) Math.round((Geo.MAX_Y - Geo.MIN_Y) / CELL);
    /** Bed levels (m above NAP) written for river cells. */
    static final double IJSSEL_BED = -2.5, ZWARTE_WATER_BED = -1.8;
    static final String IJSSEL = "IJssel", ZWARTE_WATER = "Zwarte Water";

    /** One cell: column and row from the south-west corner, ground level, river name or null. */
    record Cell(int col, int row, double groundM, String water) {
        String id() {
            return String.format(java.util.Locale.ROOT, "ground-%03d-%03d", col, row);
        }

        Polygon polygon() {
            double x0 = Geo.MIN_X + col * CELL, y0 = Geo.MIN_Y + row * CELL;
            return Geo.polygon(new Coordinate[] {Geo.c(x0, y0), Geo.c(x0 + CELL, y0), Geo.c(x0 + CELL, y0 + CELL),
                    Geo.c(x0, y0 + CELL), Geo.c(x0, y0)});
        }
    }

    private GroundGrid() {
    }

    /** All cells, row by row from the south, each row from the west. */
    static List<Cell> build(Terrain terrain) {
        PreparedGeometry ijssel = PreparedGeometryFactory.prepare(terrain.ijsselWater);
        PreparedGeometry zwarteWater = PreparedGeometryFactory.prepare(terrain.zwarteWaterWater);
        List<Cell> cells = new ArrayList<>(COLUMNS * ROWS);
        for (int row = 0; row < ROWS; row++) {
            for (int col = 0; col < COLUMNS; col++) {
                double x = Geo.MIN_X + (col + 0.5) * CELL, y = Geo.MIN_Y + (row + 0.5) * CELL;
                var centre = Geo.point(x, y);
                if (ijssel.contains(centre)) {
                    cells.add(new Cell(col, row, IJSSEL_BED, IJSSEL));
                } else if (zwarteWater.contains(centre)) {
                    cells.add(new Cell(col, row, ZWARTE_WATER_BED, ZWARTE_WATER));
                } else {
                    cells.add(new Cell(col, row, Geo.round2(terrain.groundLevel(x, y)), null));
                }
            }
        }
        return cells;
    }
}
