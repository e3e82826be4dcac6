package nl.tweeling.sample.generator;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiLineString;

/** One road feature: a named MultiLineString with traffic attributes. */
final class Road {
    static final String MOTORWAY = "motorway", ARTERIAL = "arterial", COLLECTOR = "collector", LOCAL = "local",
            CYCLEWAY = "cycleway";

    String id;
    final String name;
    final String roadClass;
    final Integer speedLimit;
    final int intensity;
    final double heavyShare;
    final MultiLineString geom;
    /** Half width of the corridor kept free of buildings (m). */
    final double halfWidth;

    Road(String name, String roadClass, Integer speedLimit, int intensity, double heavyShare, Geometry geom,
         double halfWidth) {
        this.name = name;
        this.roadClass = roadClass;
        this.speedLimit = speedLimit;
        this.intensity = intensity;
        this.heavyShare = heavyShare;
        this.geom = Geo.roundLines(geom);
        this.halfWidth = halfWidth;
    }

    boolean isEmpty() {
        return geom.isEmpty() || geom.getLength() < 1.0;
    }
}
