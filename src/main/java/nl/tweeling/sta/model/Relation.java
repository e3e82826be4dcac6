package nl.tweeling.sta.model;

/**
 * A navigation property: from an entity (alias {@code {p}}) to its related entities (alias {@code {c}}).
 *
 * @param name     the navigation property's name (Datastreams, Thing, …)
 * @param target   the related entity type
 * @param many     a collection (true) or one entity (false)
 * @param cond     the SQL condition relating {@code {c}} to {@code {p}}
 * @param childFk  when {@code cond} is {@code {c}.childFk = {p}.id}: that column, so a known parent id is
 *                 bound straight into the child's index ({@code {c}.childFk = ?}); otherwise null
 */
public record Relation(String name, EntityType target, boolean many, String cond, String childFk) {

    public String cond(String parent, String child) {
        return cond.replace("{p}", parent).replace("{c}", child);
    }
}
