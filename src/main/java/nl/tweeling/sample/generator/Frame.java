package nl.tweeling.sample.generator;

import org.locationtech.jts.geom.Coordinate;

/**
 * A rotated local (u, v) coordinate frame in RD New: u runs along the streets of a buurt's grid,
 * v across them. Conversion is exact and deterministic (same inputs give the same doubles).
 */
record Frame(double ox, double oy, double cos, double sin) {

    static Frame of(double ox, double oy, double angleRad) {
        return new Frame(ox, oy, Math.cos(angleRad), Math.sin(angleRad));
    }

    Coordinate world(double u, double v) {
        return new Coordinate(ox + u * cos - v * sin, oy + u * sin + v * cos);
    }

    /** World coordinate rounded to 1 cm. */
    Coordinate worldCm(double u, double v) {
        Coordinate c = world(u, v);
        return new Coordinate(Geo.round2(c.x), Geo.round2(c.y));
    }

    double u(double x, double y) {
        double dx = x - ox, dy = y - oy;
        return dx * cos + dy * sin;
    }

    double v(double x, double y) {
        double dx = x - ox, dy = y - oy;
        return -dx * sin + dy * cos;
    }
}
