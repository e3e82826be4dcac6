package nl.tweeling.sta.model;

/**
 * One property of an entity type. SQL templates hold {@code {a}} where the entity's table alias goes; they are
 * fixed text of this class, never request input.
 *
 * @param name    the SensorThings name
 * @param type    what it holds
 * @param sql     the typed expression filters and $orderby use (for INTERVAL: the lower end)
 * @param upper   for INTERVAL: the upper end; otherwise null
 * @param out     a jsonb expression for the response
 * @param notNull whether {@code sql} is never NULL (keyset paging then needs no NULL branch)
 */
public record StaProperty(String name, PropertyType type, String sql, String upper, String out, boolean notNull) {

    /** The typed expression for the alias. */
    public String sql(String alias) {
        return sql.replace("{a}", alias);
    }

    public String upper(String alias) {
        return upper == null ? null : upper.replace("{a}", alias);
    }

    public String out(String alias) {
        return out.replace("{a}", alias);
    }
}
