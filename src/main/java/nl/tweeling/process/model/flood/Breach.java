package nl.tweeling.process.model.flood;

/**
 * A dike breach: a point (EPSG:28992) and the breach's width in m. Every grid cell that comes closer to the point than
 * half the width loses the dikes that cross it (the dike body is gone there; its ground stays).
 */
public record Breach(double x, double y, double widthM) {
}
