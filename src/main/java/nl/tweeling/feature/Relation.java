package nl.tweeling.feature;

import java.util.List;

import nl.tweeling.common.sql.Identifiers;

/**
 * What a read of a layer selects from: the layer's table, or a subquery with the same columns (a scenario's
 * overlay, {@code nl.tweeling.scenario.LayerRelations}). Readers write {@code FROM <sql> AS t} and bind
 * {@link #params()} first, in order, before their own values. The text is built from the layer registry only.
 *
 * @param sql     a quoted table name, or a parenthesised subquery with the layer table's columns
 * @param params  the values the subquery's placeholders take, in order (none for a table)
 * @param overlay true when the relation holds only the features as they are now in its view (no history):
 *                then {@link #current()} is TRUE and {@code datetime} does not apply
 * @param branches when {@code sql} is the UNION ALL of these relations (each with the same columns, their
 *                 features apart), the branches: a page is then read as the merge of each branch's page, which
 *                 stops after a page's rows ({@code FeatureRepository#page}); empty for a table
 */
public record Relation(String sql, List<Object> params, boolean overlay, List<Relation> branches) {

    public Relation {
        params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
        branches = List.copyOf(branches);
    }

    /** A relation that is not a union of branches. */
    public Relation(String sql, List<Object> params, boolean overlay) {
        this(sql, params, overlay, List.of());
    }

    /** The layer's own table: current and past versions, the current ones with valid_to IS NULL. */
    public static Relation table(Layer layer) {
        return new Relation(Identifiers.qualified(layer.tableSchema(), layer.tableName()), List.of(), false);
    }

    /** The condition (on alias {@code t}) that keeps the current features of this relation. */
    public String current() {
        return overlay ? "TRUE" : "t.valid_to IS NULL";
    }
}
