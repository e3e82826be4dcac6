package nl.tweeling.feature.cql;

import static nl.tweeling.feature.cql.CqlFixtures.assertSql;
import static nl.tweeling.feature.cql.CqlFixtures.assertTextFails;
import static nl.tweeling.feature.cql.CqlFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;

import nl.tweeling.feature.cql.CqlException.Kind;

/** Conformance class "Basic CQL2": comparisons, IS NULL, logic, literals, CQL2 text lexing. */
class BasicCql2Test {

    private static final OffsetDateTime NOON = OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void stringEquality() {
        assertSql("name = 'Sassenpoort'", "t.\"name\" = ?", "Sassenpoort");
    }

    @Test
    void allComparisonOperators() {
        assertSql("height = 10", "t.\"height\" = ?", 10L);
        assertSql("height <> 10", "t.\"height\" <> ?", 10L);
        assertSql("height < 10", "t.\"height\" < ?", 10L);
        assertSql("height <= 10", "t.\"height\" <= ?", 10L);
        assertSql("height > 10", "t.\"height\" > ?", 10L);
        assertSql("height >= 10", "t.\"height\" >= ?", 10L);
        assertSql("height>=10", "t.\"height\" >= ?", 10L);
    }

    @Test
    void numbersAreLongWhenIntegralElseExactDecimal() {
        assertSql("height > 12.5", "t.\"height\" > ?", new BigDecimal("12.5"));
        assertSql("height > -3", "t.\"height\" > ?", -3L);
        assertSql("height > +3", "t.\"height\" > ?", 3L);
        assertSql("height > - 3.25", "t.\"height\" > ?", new BigDecimal("-3.25"));
        assertSql("height > .5", "t.\"height\" > ?", new BigDecimal(".5"));
        assertSql("height < 1.5e3", "t.\"height\" < ?", 1500L);
        assertSql("height < 2E-2", "t.\"height\" < ?", new BigDecimal("0.02"));
        assertSql("floors = 99999999999999999999", "t.\"floors\" = ?", new BigDecimal("99999999999999999999"));
        assertSql("floors = 4", "t.\"floors\" = ?", 4L);
    }

    @Test
    void booleans() {
        assertSql("active = TRUE", "t.\"active\" = ?", true);
        assertSql("active = false", "t.\"active\" = ?", false);
        assertSql("active", "t.\"active\"");
        assertSql("TRUE", "TRUE");
        assertSql("NOT false", "TRUE");
        assertSql("active AND height > 3", "(t.\"active\" AND t.\"height\" > ?)", 3L);
    }

    @Test
    void timestampsAndDates() {
        assertSql("updated > TIMESTAMP('2024-05-01T12:00:00Z')", "t.\"updated\" > ?", NOON);
        assertSql("updated > timestamp('2024-05-01T14:00:00+02:00')", "t.\"updated\" > ?", NOON);
        assertSql("updated < TIMESTAMP('2024-05-01T12:00:00.250Z')", "t.\"updated\" < ?",
                NOON.plusNanos(250_000_000));
        assertSql("built = DATE('1850-01-01')", "t.\"built\" = ?", LocalDate.of(1850, 1, 1));
    }

    @Test
    void dateMeetingTimestampIsStartOfDayUtc() {
        assertSql("updated >= DATE('2024-05-01')", "t.\"updated\" >= ?", NOON.withHour(0));
        assertSql("built < TIMESTAMP('2024-05-01T12:00:00Z')",
                "(CAST(t.\"built\" AS timestamp) AT TIME ZONE 'UTC') < ?", NOON);
    }

    @Test
    void isNull() {
        assertSql("name IS NULL", "t.\"name\" IS NULL");
        assertSql("name is not null", "t.\"name\" IS NOT NULL");
        assertSql("geom IS NULL", "t.geom IS NULL");
        assertSql("period IS NULL", "tstzrange(t.start_time, t.end_time, '[]') IS NULL");
    }

    @Test
    void precedenceIsNotThenAndThenOr() {
        assertSql("name = 'a' OR height > 1 AND floors < 2",
                "(t.\"name\" = ? OR (t.\"height\" > ? AND t.\"floors\" < ?))", "a", 1L, 2L);
        assertSql("NOT name = 'a' AND height > 1", "(NOT (t.\"name\" = ?) AND t.\"height\" > ?)", "a", 1L);
        assertSql("(name = 'a' OR height > 1) AND floors < 2",
                "((t.\"name\" = ? OR t.\"height\" > ?) AND t.\"floors\" < ?)", "a", 1L, 2L);
        assertSql("NOT (name = 'a' OR NOT height > 1)", "NOT ((t.\"name\" = ? OR NOT (t.\"height\" > ?)))", "a", 1L);
    }

    @Test
    void keywordsAreCaseInsensitiveAndWhitespaceFree() {
        assertSql("name = 'a'\n\tand not height<3 Or active", "((t.\"name\" = ? AND NOT (t.\"height\" < ?)) OR t.\"active\")",
                "a", 3L);
    }

    @Test
    void identifiers() {
        assertSql("\"name\" = 'x'", "t.\"name\" = ?", "x");
        assertSql("addr:city = 'Zwolle'", "t.\"addr:city\" = ?", "Zwolle");
        assertSql("\"addr:city\" = 'Zwolle'", "t.\"addr:city\" = ?", "Zwolle");
        assertSql("full_name = 'Jan Smit'", "(t.first || ' ' || t.last) = ?", "Jan Smit");
    }

    @Test
    void keywordNamedPropertiesNeedNoQuotesWhenNotCalled() {
        CqlSqlBuilder b = CqlSqlBuilder.of(PropertyResolver.of(java.util.Map.of(
                "date", Property.of("t.\"date\"", PropertyType.DATE))));
        assertSql(b, "date = DATE('2024-01-01')", "t.\"date\" = ?", LocalDate.of(2024, 1, 1));
    }

    @Test
    void stringEscapes() {
        assertSql("name = 'Onze Lieve Vrouwe''s toren'", "t.\"name\" = ?", "Onze Lieve Vrouwe's toren");
        assertSql("name = 'it\\'s'", "t.\"name\" = ?", "it's");
        assertSql("name = ''", "t.\"name\" = ?", "");
        assertSql("name = 'Sint-Michaëlskerk ✓'", "t.\"name\" = ?", "Sint-Michaëlskerk ✓");
    }

    @Test
    void longChainsAreFlatNotDeep() {
        StringJoiner cql = new StringJoiner(" AND ");
        for (int i = 0; i < 5000; i++) {
            cql.add("floors <> " + i);
        }
        Predicate p = Cql2Text.parse(cql.toString());
        assertEquals(5000, assertInstanceOf(Predicate.And.class, p).args().size());
        assertEquals(5000, text(cql.toString()).parameters().size());
    }

    @Test
    void typeMismatchesAreRejected() {
        assertTextFails(Kind.TYPE_MISMATCH, "height = 'tall'", "cannot compare property 'height' (a number) with a string");
        assertTextFails(Kind.TYPE_MISMATCH, "name = 3", "cannot compare property 'name' (a string) with a number");
        assertTextFails(Kind.TYPE_MISMATCH, "updated > '2024-01-01'", "TIMESTAMP('2024-05-01T12:00:00Z')");
        assertTextFails(Kind.TYPE_MISMATCH, "active = 1", "a boolean");
        assertTextFails(Kind.TYPE_MISMATCH, "name", "property 'name' (a string) is not a boolean");
        assertTextFails(Kind.TYPE_MISMATCH, "geom = POINT(1 2)", "S_EQUALS");
        assertTextFails(Kind.TYPE_MISMATCH, "tags = ('a')", "A_EQUALS");
        assertTextFails(Kind.TYPE_MISMATCH, "valid = INTERVAL('..', '..')", "T_EQUALS");
    }
}
