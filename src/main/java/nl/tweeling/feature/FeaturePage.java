package nl.tweeling.feature;

import java.util.List;

/**
 * One page of features, each already encoded as a GeoJSON Feature object.
 *
 * @param next the cursor of the page after this one, or null when this is the last
 * @param prev the cursor of the page before this one, or null when this is the first
 */
public record FeaturePage(List<String> features, String next, String prev) {

    public boolean more() {
        return next != null;
    }
}
