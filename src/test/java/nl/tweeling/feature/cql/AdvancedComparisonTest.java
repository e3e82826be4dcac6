package nl.tweeling.feature.cql;

import static nl.tweeling.feature.cql.CqlFixtures.assertSql;
import static nl.tweeling.feature.cql.CqlFixtures.assertTextFails;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import nl.tweeling.feature.cql.CqlException.Kind;

/** Conformance class "Advanced Comparison Operators": LIKE, BETWEEN, IN. */
class AdvancedComparisonTest {

    @Test
    void like() {
        assertSql("name LIKE 'Sassen%'", "t.\"name\" LIKE ?", "Sassen%");
        assertSql("name like '_ijk%'", "t.\"name\" LIKE ?", "_ijk%");
        assertSql("name NOT LIKE '%kerk'", "t.\"name\" NOT LIKE ?", "%kerk");
    }

    @Test
    void likePatternIsPassedVerbatimWithBackslashEscapes() {
        assertSql("name LIKE '100\\%'", "t.\"name\" LIKE ?", "100\\%");
        assertSql("name LIKE 'a\\_b'", "t.\"name\" LIKE ?", "a\\_b");
    }

    @Test
    void between() {
        assertSql("height BETWEEN 10 AND 20.5", "t.\"height\" BETWEEN ? AND ?", 10L, new BigDecimal("20.5"));
        assertSql("height NOT BETWEEN -1 AND 1", "t.\"height\" NOT BETWEEN ? AND ?", -1L, 1L);
        assertSql("height BETWEEN 1 AND 2 AND floors = 3", "(t.\"height\" BETWEEN ? AND ? AND t.\"floors\" = ?)",
                1L, 2L, 3L);
    }

    @Test
    void in() {
        assertSql("name IN ('Sassenpoort', 'Peperbus')", "t.\"name\" IN (?, ?)", "Sassenpoort", "Peperbus");
        assertSql("floors NOT IN (1, 2, 3)", "t.\"floors\" NOT IN (?, ?, ?)", 1L, 2L, 3L);
        assertSql("updated IN (TIMESTAMP('2024-05-01T12:00:00Z'), DATE('2024-05-02'))", "t.\"updated\" IN (?, ?)",
                OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2024, 5, 2, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void typesAreChecked() {
        assertTextFails(Kind.TYPE_MISMATCH, "height LIKE '1%'", "LIKE needs a string to match");
        assertTextFails(Kind.TYPE_MISMATCH, "name BETWEEN 'a' AND 'z'", "BETWEEN needs numbers");
        assertTextFails(Kind.TYPE_MISMATCH, "height IN (1, 'two')", "cannot compare property 'height'");
    }

    @Test
    void malformedPredicates() {
        assertTextFails(Kind.SYNTAX, "name LIKE height", "expected a string pattern after LIKE");
        assertTextFails(Kind.SYNTAX, "height BETWEEN 1 OR 2", "expected AND between the bounds of BETWEEN");
        assertTextFails(Kind.SYNTAX, "name IN ()", "expected a value in the IN list");
        assertTextFails(Kind.SYNTAX, "name IN 'a'", "expected '(' after IN");
        assertTextFails(Kind.SYNTAX, "name NOT = 'a'", "expected LIKE, BETWEEN or IN after NOT");
        assertTextFails(Kind.SYNTAX, "name IS 'a'", "expected NULL after IS");
    }
}
