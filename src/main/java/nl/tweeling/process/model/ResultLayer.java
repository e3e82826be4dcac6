package nl.tweeling.process.model;

import java.util.Map;

import org.locationtech.jts.geom.Geometry;

/** A result layer being written by a run (see {@link ModelContext#createLayer}). */
public interface ResultLayer {

    /** An attribute column. */
    record Column(String name, Type type) {
    }

    /** The attribute types a result layer may have. */
    enum Type {
        TEXT("text"), INTEGER("integer"), BIGINT("bigint"), DOUBLE("double precision"), BOOLEAN("boolean"),
        TIMESTAMPTZ("timestamptz");

        private final String sql;

        Type(String sql) {
            this.sql = sql;
        }

        public String sql() {
            return sql;
        }
    }

    /** The layer id (also the OGC API collection id), e.g. {@code result-1a2b3c4d-extent}. */
    String id();

    /** The quoted, schema-qualified table name, for {@code INSERT INTO <table> (feature_id, …, geom) SELECT …}. */
    String table();

    /**
     * Adds one feature; {@code properties} holds values for (some of) the declared columns, {@code geometry} is in
     * EPSG:28992 (its SRID is set by the writer) and must fit the layer's geometry type (a Polygon is promoted to a
     * MultiPolygon, and so on). Batched: rows reach the table at the latest when the run returns.
     */
    void add(String featureId, Map<String, Object> properties, Geometry geometry);
}
