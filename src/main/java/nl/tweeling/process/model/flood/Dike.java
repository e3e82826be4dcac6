package nl.tweeling.process.model.flood;

import org.locationtech.jts.geom.Geometry;

/**
 * A dike section as the dikes layer holds it: its id, its section name and its crest level in m above NAP, and its
 * line (EPSG:28992, the grid's CRS).
 */
public record Dike(String featureId, String section, double crestM, Geometry line) {
}
