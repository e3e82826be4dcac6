package nl.tweeling.feature.cql;

import static nl.tweeling.feature.cql.CqlFixtures.assertSql;

import org.junit.jupiter.api.Test;

/** Conformance class "Property-Property Comparisons": properties on the right, literals on the left. */
class PropertyPropertyTest {

    @Test
    void propertyOnBothSides() {
        assertSql("height > roof_height", "t.\"height\" > t.roof_height");
        assertSql("name <> owner", "t.\"name\" <> t.\"owner\"");
        assertSql("floors = height", "t.\"floors\" = t.\"height\"");
        assertSql("updated > built", "t.\"updated\" > (CAST(t.\"built\" AS timestamp) AT TIME ZONE 'UTC')");
    }

    @Test
    void literalOnTheLeft() {
        assertSql("10 < height", "? < t.\"height\"", 10L);
        assertSql("'Zwolle' = addr:city", "? = t.\"addr:city\"", "Zwolle");
        assertSql("5 BETWEEN floors AND height", "? BETWEEN t.\"floors\" AND t.\"height\"", 5L);
        assertSql("'a' IN (name, owner)", "? IN (t.\"name\", t.\"owner\")", "a");
    }

    @Test
    void literalAgainstLiteral() {
        assertSql("1 = 1", "? = ?", 1L, 1L);
    }

    @Test
    void functionsBetweenProperties() {
        assertSql("S_WITHIN(geom, footprint)", "ST_Within(t.geom, t.footprint)");
        assertSql("T_AFTER(updated, start_time)", "t.\"updated\" > t.start_time");
    }
}
