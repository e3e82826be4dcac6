package nl.tweeling.sample.generator;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;

/**
 * Land cover per buurt in four classes that partition the buurt: {@code water} (the river bands),
 * {@code paved} (road corridors), {@code built} (the developed blocks) and {@code green}
 * (everything else, parks included). Each class is computed from the buurt cell by difference, so
 * the classes do not overlap before the final rounding to 1 cm.
 */
final class LandCover {
    static final String WATER = "water", PAVED = "paved", BUILT = "built", GREEN = "green";

    /** One land-cover feature. */
    record Cover(String cover, String buurtCode, MultiPolygon geom) {
    }

    private LandCover() {
    }

    static List<Cover> forBuurt(String code, MultiPolygon cell, Geometry water, Geometry roadCorridors,
                                Geometry devZone, Geometry parks) {
        List<Cover> out = new ArrayList<>();
        Geometry w = Geo.intersection(cell, water);
        Geometry rest = Geo.difference(cell, w);
        Geometry paved = roadCorridors == null ? Geo.GF.createMultiPolygon() : Geo.intersection(rest, roadCorridors);
        rest = Geo.difference(rest, paved);
        Geometry built = devZone == null || devZone.isEmpty() ? Geo.GF.createMultiPolygon() : Geo.intersection(rest, devZone);
        if (parks != null && !parks.isEmpty()) {
            built = Geo.difference(built, parks);
        }
        Geometry green = Geo.difference(rest, built);
        add(out, WATER, code, w);
        add(out, PAVED, code, paved);
        add(out, BUILT, code, built);
        add(out, GREEN, code, green);
        return out;
    }

    private static void add(List<Cover> out, String cover, String code, Geometry g) {
        if (g.isEmpty() || g.getArea() < 1.0) {
            return;
        }
        MultiPolygon mp = Geo.toMultiPolygon(Geo.reduce(g));
        if (!mp.isEmpty()) {
            out.add(new Cover(cover, code, mp));
        }
    }
}
