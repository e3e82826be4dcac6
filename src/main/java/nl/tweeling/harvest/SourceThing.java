package nl.tweeling.harvest;

/**
 * A station or site at a source, registered as a Tweeling thing.
 *
 * @param key  the thing's key, stable across runs (e.g. {@code knmi-278})
 * @param lon  longitude (CRS84) or null when the source does not say where it is
 * @param lat  latitude (CRS84) or null
 */
public record SourceThing(String key, String name, String description, Double lon, Double lat) {
}
