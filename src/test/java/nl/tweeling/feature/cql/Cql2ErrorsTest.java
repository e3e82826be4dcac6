package nl.tweeling.feature.cql;

import static nl.tweeling.feature.cql.CqlFixtures.assertFails;
import static nl.tweeling.feature.cql.CqlFixtures.assertSql;
import static nl.tweeling.feature.cql.CqlFixtures.assertTextFails;
import static nl.tweeling.feature.cql.CqlFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;

import nl.tweeling.feature.cql.CqlException.Kind;

/** Error handling: positions, unknown names, injection attempts, hostile nesting, empty input. */
class Cql2ErrorsTest {

    @Test
    void emptyInput() {
        for (String empty : new String[] {"", "   ", "\n\t", null}) {
            CqlException e = assertFails(Kind.SYNTAX, () -> Cql2Text.parse(empty), "the filter is empty");
            assertEquals(empty == null ? 0 : empty.length(), e.position());
        }
    }

    @Test
    void missingValueIsReportedWithItsPosition() {
        CqlException e = assertTextFails(Kind.SYNTAX, "name = 'x' AND height = ",
                "expected a value after '=' but found the end of the filter at position 24");
        assertEquals(24, e.position());
        assertEquals(1, e.line());
        assertEquals(25, e.column());
        assertEquals("expected a value after '=' but found the end of the filter", e.reason());
    }

    @Test
    void lineAndColumnForMultiLineText() {
        CqlException e = assertTextFails(Kind.SYNTAX, "name = 'x'\nAND height = AND",
                "expected a value after '=' but found the keyword AND at position 24 (line 2, column 14)");
        assertEquals(2, e.line());
        assertEquals(14, e.column());
    }

    @Test
    void trailingGarbage() {
        assertTextFails(Kind.SYNTAX, "name = 'x' garbage",
                "unexpected 'garbage'; expected AND, OR or the end of the filter at position 11");
        assertTextFails(Kind.SYNTAX, "name = 'x')", "unexpected ')'", "at position 10");
        assertTextFails(Kind.SYNTAX, "name = 'x' 'y'", "unexpected the string 'y'");
        assertTextFails(Kind.SYNTAX, "name = 'x'; DROP TABLE t", "unexpected character ';' at position 10");
    }

    @Test
    void unbalancedAndUnterminated() {
        assertTextFails(Kind.SYNTAX, "(name = 'x'", "expected ')' to close the '(' at position 0 but found the end"
                + " of the filter at position 11");
        assertTextFails(Kind.SYNTAX, "name = 'abc", "the string starting here is not closed with ' at position 7");
        assertTextFails(Kind.SYNTAX, "\"name = 'abc'", "is not closed with \" at position 0");
        assertTextFails(Kind.SYNTAX, "name = 'x' AND", "expected a condition but found the end of the filter at position 14");
        assertTextFails(Kind.SYNTAX, "S_INTERSECTS(geom, POINT(1 2)", "S_INTERSECTS takes two arguments; expected ')'");
    }

    @Test
    void lexicalErrors() {
        assertTextFails(Kind.SYNTAX, "name != 'x'", "unexpected character '!' (use <> for 'not equal') at position 5");
        assertTextFails(Kind.SYNTAX, "height * 2 > 3", "arithmetic expressions are not supported");
        assertTextFails(Kind.UNSUPPORTED, "height + 2 > 3", "arithmetic expressions are not supported at position 7");
        assertTextFails(Kind.SYNTAX, "height = 1e", "the exponent of this number has no digits at position 10");
        assertTextFails(Kind.SYNTAX, "height = 12abc", "malformed number at position 9");
        assertTextFails(Kind.SYNTAX, "height = 1e999999", "the number is out of range at position 9");
        // beyond a double: PostgreSQL fails comparing it with a float column instead of matching nothing
        assertTextFails(Kind.SYNTAX, "height = 1e309", "the number is out of range (beyond a double", "at position 9");
        assertTextFails(Kind.SYNTAX, "height = -1e-400", "the number is out of range (beyond a double", "at position 9");
        assertTextFails(Kind.SYNTAX, "\"\" = 1", "a quoted property name must not be empty");
        assertTextFails(Kind.SYNTAX, "name = 'a\u0000b'", "strings must not contain the NUL character at position 7");
        assertTextFails(Kind.SYNTAX, "name = -'x'", "expected a number after the sign but found the string 'x'");
    }

    @Test
    void unknownFunctions() {
        assertTextFails(Kind.UNKNOWN_FUNCTION, "upper(name) = 'X'", "unknown function 'upper' at position 0");
        assertTextFails(Kind.UNKNOWN_FUNCTION, "S_DWITHIN(geom, POINT(1 2), 10)", "unknown function 'S_DWITHIN'");
        assertTextFails(Kind.UNKNOWN_FUNCTION, "name = pg_sleep(10)", "unknown function 'pg_sleep' at position 7");
        assertTextFails(Kind.SYNTAX, "name = S_INTERSECTS(geom, geom)", "S_INTERSECTS is a condition and cannot be"
                + " used as a value at position 7");
    }

    @Test
    void unknownPropertiesAreNamed() {
        CqlException e = assertTextFails(Kind.UNKNOWN_PROPERTY, "colour = 'red'", "unknown property 'colour'");
        assertEquals(-1, e.position());
        assertEquals("unknown property 'colour'", e.getMessage());
        assertTextFails(Kind.UNKNOWN_PROPERTY, "Name = 'x'", "unknown property 'Name'");
        assertTextFails(Kind.UNKNOWN_PROPERTY, "S_INTERSECTS(geometry, POINT(1 2))", "unknown property 'geometry'");
    }

    @Test
    void injectionAttemptsStayBoundValues() {
        assertSql("name = 'x'' OR 1=1 --'", "t.\"name\" = ?", "x' OR 1=1 --");
        assertSql("name = 'x\\' OR 1=1 --'", "t.\"name\" = ?", "x' OR 1=1 --");
        assertSql("name LIKE '%''; DROP TABLE t; --'", "t.\"name\" LIKE ?", "%'; DROP TABLE t; --");
        assertSql("S_INTERSECTS(geom, POINT(1 2))", "ST_Intersects(t.geom, ST_Transform(ST_GeomFromText(?, 4326), 28992))",
                "POINT(1 2)");
        assertTextFails(Kind.UNKNOWN_PROPERTY, "\"name\"\" = 1; DROP TABLE t; --\" = 'x'",
                "unknown property 'name\" = 1; DROP TABLE t; --'");
        assertTextFails(Kind.UNKNOWN_PROPERTY, "\"t.\"\"name\"\"\" = 'x'", "unknown property");
    }

    @Test
    void deepNestingIsBoundedWithoutStackOverflow() {
        String parens = "(".repeat(150) + "name = 'x'" + ")".repeat(150);
        CqlException e = assertTextFails(Kind.TOO_COMPLEX, parens, "nested too deeply (more than 100 levels)");
        assertEquals(100, e.position());
        assertTextFails(Kind.TOO_COMPLEX, "NOT ".repeat(100_000) + "active", "nested too deeply");
        assertTextFails(Kind.TOO_COMPLEX, "CASEI(".repeat(5_000) + "name" + ")".repeat(5_000) + " = 'x'", "nested too deeply");
        assertTextFails(Kind.TOO_COMPLEX, "A_CONTAINS(tags, " + "(".repeat(5_000) + ")".repeat(5_001), "nested too deeply");
        assertTextFails(Kind.TOO_COMPLEX, "S_INTERSECTS(geom, " + "GEOMETRYCOLLECTION(".repeat(200) + "POINT(1 2)"
                + ")".repeat(201), "nested too deeply");
        String fine = "(".repeat(99) + "name = 'x'" + ")".repeat(99);
        assertEquals("t.\"name\" = ?", text(fine).sql());
    }

    @Test
    void programmaticDeepTreesAreBoundedToo() {
        Predicate p = new Predicate.BooleanValue(new Operand.BooleanLiteral(true));
        for (int i = 0; i < 10_000; i++) {
            p = new Predicate.Not(p);
        }
        Predicate deep = p;
        assertFails(Kind.TOO_COMPLEX, () -> CqlFixtures.BUILDER.build(deep), "nested too deeply");
    }

    @Test
    void messagesNeverLeakInternals() {
        List<String> bad = List.of("name = ", "name ! 'x'", "height = 'x'", "S_INTERSECTS(geom, 1)", "colour = 1",
                "T_DURING(updated, updated)", "A_CONTAINS(name, name)", "x(", "'", "\"", "(((", "name = 'x' AND (",
                "name LIKE 1", "BBOX(1,2,3,4)", "POINT(1 2)", "INTERVAL('..','..')", "height IN ()");
        for (String cql : bad) {
            CqlException e = assertFails(e0(cql), () -> text(cql));
            String m = e.getMessage();
            assertFalse(m.contains("Exception") || m.contains("java.") || m.contains("t.\"") || m.contains("ST_"),
                    cql + " -> " + m);
        }
    }

    private static Kind e0(String cql) {
        try {
            text(cql);
        } catch (CqlException e) {
            return e.kind();
        }
        throw new AssertionError("no failure for " + cql);
    }
}
