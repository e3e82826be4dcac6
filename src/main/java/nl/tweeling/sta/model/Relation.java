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
 * @param byId     when neither fits a known parent well: the condition on {@code {c}} for the parent whose id
 *                 is bound at each {@code {id}}, written so that indexes serve; otherwise null ({@code cond} in
 *                 an EXISTS then)
 */
public record Relation(String name, EntityType target, boolean many, String cond, String childFk, String byId) {

    public Relation(String name, EntityType target, boolean many, String cond, String childFk) {
        this(name, target, many, cond, childFk, null);
    }

    public String cond(String parent, String child) {
        return cond.replace("{p}", parent).replace("{c}", child);
    }
}
