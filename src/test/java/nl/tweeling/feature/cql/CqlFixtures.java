package nl.tweeling.feature.cql;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.function.Executable;

/** Queryables of a buildings-like layer and helpers shared by the CQL2 tests. */
final class CqlFixtures {

    static final PropertyResolver RESOLVER = PropertyResolver.of(Map.ofEntries(
            entry("name", Property.of("t.\"name\"", PropertyType.STRING)),
            entry("owner", Property.of("t.\"owner\"", PropertyType.STRING)),
            entry("addr:city", Property.of("t.\"addr:city\"", PropertyType.STRING)),
            entry("height", Property.of("t.\"height\"", PropertyType.NUMBER)),
            entry("roof_height", Property.of("t.roof_height", PropertyType.NUMBER)),
            entry("floors", Property.of("t.\"floors\"", PropertyType.INTEGER)),
            entry("active", Property.of("t.\"active\"", PropertyType.BOOLEAN)),
            entry("updated", Property.of("t.\"updated\"", PropertyType.TIMESTAMP)),
            entry("built", Property.of("t.\"built\"", PropertyType.DATE)),
            entry("start_time", Property.of("t.start_time", PropertyType.TIMESTAMP)),
            entry("end_time", Property.of("t.end_time", PropertyType.TIMESTAMP)),
            entry("geom", Property.of("t.geom", PropertyType.GEOMETRY)),
            entry("footprint", Property.of("t.footprint", PropertyType.GEOMETRY)),
            entry("tags", Property.array("t.\"tags\"", PropertyType.STRING)),
            entry("layer:ids", Property.array("t.layer_ids", PropertyType.STRING)),
            entry("codes", Property.array("t.\"codes\"", PropertyType.INTEGER)),
            entry("labels", Property.of("t.labels", PropertyType.ARRAY)),
            entry("valid", Property.interval("t.valid_from", "t.valid_to")),
            entry("period", Property.interval("tstzrange(t.start_time, t.end_time, '[]')")),
            entry("full_name", Property.of("t.first || ' ' || t.last", PropertyType.STRING))));

    static final CqlSqlBuilder BUILDER = CqlSqlBuilder.of(RESOLVER);

    private CqlFixtures() {
    }

    static SqlFilter text(String cql) {
        return BUILDER.build(Cql2Text.parse(cql));
    }

    static SqlFilter json(String cql) {
        return BUILDER.build(Cql2Json.parse(cql));
    }

    /** Asserts the SQL and parameters of a CQL2 text filter. */
    static void assertSql(String cql, String sql, Object... params) {
        assertSql(BUILDER, cql, sql, params);
    }

    static void assertSql(CqlSqlBuilder builder, String cql, String sql, Object... params) {
        SqlFilter f = builder.build(Cql2Text.parse(cql));
        assertEquals(sql, f.sql(), cql);
        assertEquals(Arrays.asList(params), f.parameters(), cql);
    }

    /** Asserts the SQL and parameters of a CQL2 JSON filter. */
    static void assertJsonSql(String json, String sql, Object... params) {
        SqlFilter f = json(json);
        assertEquals(sql, f.sql(), json);
        assertEquals(List.of(params), f.parameters(), json);
    }

    /** Asserts that running {@code code} fails with a CqlException of that kind whose message contains every part. */
    static CqlException assertFails(CqlException.Kind kind, Executable code, String... messageParts) {
        CqlException e = assertThrows(CqlException.class, code);
        assertEquals(kind, e.kind(), e.getMessage());
        for (String part : messageParts) {
            if (!e.getMessage().contains(part)) {
                throw new AssertionError("message '" + e.getMessage() + "' lacks '" + part + "'");
            }
        }
        return e;
    }

    /** Asserts that the text filter fails (parsing or building) with that kind. */
    static CqlException assertTextFails(CqlException.Kind kind, String cql, String... messageParts) {
        return assertFails(kind, () -> text(cql), messageParts);
    }
}
