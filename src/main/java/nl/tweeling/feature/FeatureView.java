package nl.tweeling.feature;

import jakarta.enterprise.context.RequestScoped;

/**
 * Which view of the city model this request reads: the baseline (the default) or an overlay on it, such as a
 * scenario at a revision. The same resources serve both ({@link CollectionsResource}, the tiles resources): they
 * ask the view for the relation to read a layer from, the path their links start with and the scope of cached
 * tiles. A resource of an overlay sets it ({@link #use}) before it hands the request to them.
 */
@RequestScoped
public class FeatureView {

    /** An overlay on the baseline. */
    public interface Overlay {

        /** The relation holding the layer's features as the overlay makes them (the full layer, all columns). */
        Relation relation(Layer layer);

        /** The path (below the base URI, without a leading or trailing slash) where its collections are. */
        String collectionsPath();

        /** What tells its cached tiles apart from the baseline's and other overlays' (and revisions'). */
        String scope();

        /** Query parameters the overlay takes itself (e.g. a scenario's {@code revision}): not the resources'. */
        java.util.Set<String> parameters();

        /** The number of features of the layer in the overlay when it knows it cheaply; else empty (count them). */
        java.util.OptionalLong featureCount(Layer layer);
    }

    private Overlay overlay;

    /** Reads of this request go through {@code overlay}. */
    public void use(Overlay overlay) {
        this.overlay = overlay;
    }

    public boolean baseline() {
        return overlay == null;
    }

    /** The relation to read {@code layer} from: its table, or the overlay's relation. */
    public Relation relation(Layer layer) {
        return overlay == null ? Relation.table(layer) : overlay.relation(layer);
    }

    /** {@code collections}, or the overlay's path to its collections. */
    public String collectionsPath() {
        return overlay == null ? "collections" : overlay.collectionsPath();
    }

    /**
     * The request's query parameters without those the overlay takes itself, for the resources' own checks (which
     * refuse parameters they do not know); links built from the request keep them all.
     */
    public java.util.Map<String, java.util.List<String>> parameters(java.util.Map<String, java.util.List<String>> query) {
        if (overlay == null || overlay.parameters().stream().noneMatch(query::containsKey)) {
            return query;
        }
        java.util.Map<String, java.util.List<String>> out = new java.util.LinkedHashMap<>(query);
        out.keySet().removeAll(overlay.parameters());
        return out;
    }

    /** The layer's number of features in this view when known without counting (the registry's for the baseline). */
    public java.util.OptionalLong featureCount(Layer layer) {
        return overlay == null ? java.util.OptionalLong.of(layer.featureCount()) : overlay.featureCount(layer);
    }

    /** The prefix of cached tile scopes: empty for the baseline. */
    public String scope() {
        return overlay == null ? "" : overlay.scope() + "/";
    }
}
