package nl.tweeling.feature;

import java.util.List;

/**
 * One page of features, each already encoded as a GeoJSON Feature object.
 *
 * @param next the cursor that continues after this page, or null when it is the last
 */
public record FeaturePage(List<String> features, String next) {

    public boolean more() {
        return next != null;
    }
}
