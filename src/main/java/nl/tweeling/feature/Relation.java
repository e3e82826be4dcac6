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
 */
public record Relation(String sql, List<Object> params, boolean overlay) {

    public Relation {
        params = List.copyOf(params);
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
