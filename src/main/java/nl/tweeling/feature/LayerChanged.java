package nl.tweeling.feature;

import java.util.List;

/**
 * A CDI event: features of a layer changed and are committed (fired after the commit, synchronously, by the
 * writer). The tile caches evict what it names (nl.tweeling.tiles.TileInvalidation) and tell the other instances.
 *
 * @param layer the layer's id
 * @param boxes {minX, minY, maxX, maxY} in EPSG:28992 of the changed features' old and new geometries
 *              ({@link FeatureVersionRepository#changedBoxes}); null when the whole layer changed (a new or
 *              removed layer, its access or tile rules)
 */
public record LayerChanged(String layer, List<double[]> boxes) {

    /** The whole layer changed. */
    public static LayerChanged whole(String layer) {
        return new LayerChanged(layer, null);
    }
}
