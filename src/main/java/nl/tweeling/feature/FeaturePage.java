package nl.tweeling.feature;

import java.util.List;

/**
 * One page of features, each already encoded as a GeoJSON Feature object.
 *
 * @param lastKey internal key of the last feature, to continue from; null for an empty page
 * @param more    whether features follow this page
 */
public record FeaturePage(List<String> features, Long lastKey, boolean more) {
}
