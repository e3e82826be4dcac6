package nl.tweeling.sample.generator;

import org.locationtech.jts.geom.Polygon;

/** A placed building: footprint, attributes and its position in the buurt's street grid. */
final class Building {
    String id;
    final String buurtCode;
    final Spec spec;
    final Polygon footprint;
    final Frame frame;
    /** Main rectangle in local coordinates (u along the street, v across). */
    final double u0, u1, v0, v1;
    /** Index of the street the building faces and whether it lies on the side with higher v. */
    final int street;
    final boolean highSide;
    final int blockU, blockV;
    double height;
    double groundLevel;
    int dwellings;

    Building(String buurtCode, Spec spec, Polygon footprint, Frame frame, double u0, double u1, double v0, double v1,
             int street, boolean highSide, int blockU, int blockV) {
        this.buurtCode = buurtCode;
        this.spec = spec;
        this.footprint = footprint;
        this.frame = frame;
        this.u0 = u0;
        this.u1 = u1;
        this.v0 = v0;
        this.v1 = v1;
        this.street = street;
        this.highSide = highSide;
        this.blockU = blockU;
        this.blockV = blockV;
        this.height = spec.height;
        this.dwellings = spec.units;
    }

    String use() {
        return spec.use;
    }

    double area() {
        return footprint.getArea();
    }
}
