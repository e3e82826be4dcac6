package nl.tweeling.process.model.flood;

import java.util.Arrays;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/**
 * A regular grid of square ground cells: origin (south-west corner), cell size, columns and rows, and per cell its
 * ground level in m above NAP ({@code NaN} where the ground layer has no cell: never flooded) and whether it is
 * river water. Cell {@code i} is column {@code i % columns}, row {@code i / columns}, rows counted from the south.
 * Immutable after {@link #of}; safe to share between threads.
 */
public final class Grid {
    /** Largest difference (m) tolerated between a cell's corners and the grid's lines. */
    static final double TOLERANCE = 0.01;
    /** Most cells a grid may have (the sample has 84,000). */
    static final int MAX_CELLS = 4_000_000;

    /** One ground cell as the ground layer holds it: its bounds, its level and whether it is river water. */
    public record Cell(double minX, double minY, double maxX, double maxY, double groundM, boolean water) {
    }

    final double x0, y0, size;
    final int columns, rows;
    final double[] ground;
    final boolean[] water;

    private Grid(double x0, double y0, double size, int columns, int rows, double[] ground, boolean[] water) {
        this.x0 = x0;
        this.y0 = y0;
        this.size = size;
        this.columns = columns;
        this.rows = rows;
        this.ground = ground;
        this.water = water;
    }

    /**
     * The grid the cells form. The cells must be squares of one size on one lattice (to {@value #TOLERANCE} m), at
     * most one per place; places without a cell get {@code NaN} ground.
     *
     * @throws IllegalArgumentException naming what is wrong with the cells, in words fit for a job's message
     */
    public static Grid of(List<Cell> cells) {
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("The ground layer has no cells; the model needs a ground-level grid.");
        }
        Cell first = cells.get(0);
        double size = first.maxX() - first.minX();
        if (!(size > 0)) {
            throw new IllegalArgumentException("The ground layer's cells must be squares of positive size.");
        }
        double minX = Double.POSITIVE_INFINITY, minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (Cell c : cells) {
            if (Math.abs(c.maxX() - c.minX() - size) > TOLERANCE || Math.abs(c.maxY() - c.minY() - size) > TOLERANCE) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "The ground layer's cells"
                        + " must all be squares of %.2f m; one at (%.2f, %.2f) is %.2f by %.2f m.", size, c.minX(),
                        c.minY(), c.maxX() - c.minX(), c.maxY() - c.minY()));
            }
            minX = Math.min(minX, c.minX());
            minY = Math.min(minY, c.minY());
            maxX = Math.max(maxX, c.maxX());
            maxY = Math.max(maxY, c.maxY());
        }
        long cols = Math.round((maxX - minX) / size), rws = Math.round((maxY - minY) / size);
        if (cols * rws > MAX_CELLS) {
            throw new IllegalArgumentException("The ground layer spans " + cols * rws + " cells; at most " + MAX_CELLS
                    + " are supported.");
        }
        int columns = (int) cols, rows = (int) rws;
        double[] ground = new double[columns * rows];
        Arrays.fill(ground, Double.NaN);
        boolean[] water = new boolean[columns * rows];
        boolean[] seen = new boolean[columns * rows];
        for (Cell c : cells) {
            double fc = (c.minX() - minX) / size, fr = (c.minY() - minY) / size;
            long col = Math.round(fc), row = Math.round(fr);
            if (Math.abs(fc - col) * size > TOLERANCE || Math.abs(fr - row) * size > TOLERANCE) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "The ground layer's cells"
                        + " must lie on one grid; the cell at (%.2f, %.2f) is off it.", c.minX(), c.minY()));
            }
            int i = (int) (row * columns + col);
            if (seen[i]) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "The ground layer has two"
                        + " cells at (%.2f, %.2f); keep one.", c.minX(), c.minY()));
            }
            seen[i] = true;
            ground[i] = c.groundM();
            water[i] = c.water();
        }
        return new Grid(minX, minY, size, columns, rows, ground, water);
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    public double cellSize() {
        return size;
    }

    public int cells() {
        return ground.length;
    }

    /** Ground level of cell {@code i} (NaN: no cell there). */
    public double ground(int i) {
        return ground[i];
    }

    public boolean water(int i) {
        return water[i];
    }

    /** The cell holding point (x, y) (a point on a shared edge belongs to the cell east / north of it), or -1. */
    public int cellAt(double x, double y) {
        double fc = (x - x0) / size, fr = (y - y0) / size;
        if (fc < 0 || fr < 0 || fc >= columns || fr >= rows) {
            return -1;
        }
        return (int) fr * columns + (int) fc;
    }

    double minX(int i) {
        return x0 + (i % columns) * size;
    }

    double minY(int i) {
        return y0 + (i / columns) * size;
    }

    /** Centre of cell {@code i}. */
    public Coordinate centre(int i) {
        return new Coordinate(minX(i) + size / 2, minY(i) + size / 2);
    }

    /** Cell {@code i} as a square; neighbouring cells share their corner coordinates exactly. */
    public Polygon polygon(int i, GeometryFactory gf) {
        int col = i % columns, row = i / columns;
        double xa = x0 + col * size, xb = x0 + (col + 1) * size, ya = y0 + row * size, yb = y0 + (row + 1) * size;
        return gf.createPolygon(new Coordinate[] {new Coordinate(xa, ya), new Coordinate(xb, ya),
                new Coordinate(xb, yb), new Coordinate(xa, yb), new Coordinate(xa, ya)});
    }
}
