package nl.tweeling.feature.cql;

import static nl.tweeling.feature.cql.CqlFixtures.assertSql;
import static nl.tweeling.feature.cql.CqlFixtures.assertTextFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nl.tweeling.feature.cql.CqlException.Kind;

/**
 * Conformance class "Temporal Functions": every function per its CQL2 (OWL-Time) definition, instants and
 * intervals, open ends, interval properties (NULL end = open), date/timestamp granularity.
 */
class TemporalFunctionsTest {

    private static final String A1 = "2020-01-01T00:00:00Z";
    private static final String A2 = "2020-06-01T00:00:00Z";
    private static final String B1 = "2020-03-01T00:00:00Z";
    private static final String B2 = "2020-09-01T00:00:00Z";

    private static OffsetDateTime ts(String s) {
        return OffsetDateTime.parse(s);
    }

    /**
     * With two literal intervals every end is a parameter, so the SQL spells out the definition: {@code as/ae} are
     * the start/end of the first argument, {@code bs/be} of the second.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "T_AFTER        | as > be",
            "T_BEFORE       | ae < bs",
            "T_DISJOINT     | ae < bs OR as > be",
            "T_EQUALS       | as = bs AND ae = be",
            "T_INTERSECTS   | as <= be AND ae >= bs",
            "T_CONTAINS     | as < bs AND ae > be",
            "T_DURING       | as > bs AND ae < be",
            "T_FINISHEDBY   | as < bs AND ae = be",
            "T_FINISHES     | as > bs AND ae = be",
            "T_MEETS        | ae = bs",
            "T_METBY        | as = be",
            "T_OVERLAPPEDBY | as > bs AND as < be AND ae > be",
            "T_OVERLAPS     | as < bs AND ae > bs AND ae < be",
            "T_STARTEDBY    | as = bs AND ae > be",
            "T_STARTS       | as = bs AND ae < be"})
    void definitionsBetweenIntervals(String fn, String definition) {
        Map<String, OffsetDateTime> ends = Map.of("as", ts(A1), "ae", ts(A2), "bs", ts(B1), "be", ts(B2));
        String joiner = definition.contains(" OR ") ? " OR " : " AND ";
        List<String> sql = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (String term : definition.split(joiner)) {
            String[] t = term.split(" ");
            sql.add("? " + t[1] + " ?");
            params.add(ends.get(t[0]));
            params.add(ends.get(t[2]));
        }
        String expected = sql.size() == 1 ? sql.get(0) : "(" + String.join(joiner, sql) + ")";
        assertSql(fn + "(INTERVAL('" + A1 + "', '" + A2 + "'), INTERVAL('" + B1 + "', '" + B2 + "'))", expected,
                params.toArray());
    }

    @Test
    void instantsCompareDirectly() {
        OffsetDateTime t = ts("2024-01-01T00:00:00Z");
        assertSql("T_AFTER(updated, TIMESTAMP('2024-01-01T00:00:00Z'))", "t.\"updated\" > ?", t);
        assertSql("T_BEFORE(updated, TIMESTAMP('2024-01-01T00:00:00Z'))", "t.\"updated\" < ?", t);
        assertSql("T_EQUALS(updated, TIMESTAMP('2024-01-01T00:00:00Z'))", "t.\"updated\" = ?", t);
        assertSql("T_INTERSECTS(updated, TIMESTAMP('2024-01-01T00:00:00Z'))", "t.\"updated\" = ?", t);
        assertSql("T_DISJOINT(updated, TIMESTAMP('2024-01-01T00:00:00Z'))", "t.\"updated\" <> ?", t);
    }

    @Test
    void instantAgainstInterval() {
        assertSql("T_INTERSECTS(updated, INTERVAL('2024-01-01T00:00:00Z', '2024-12-31T23:59:59Z'))",
                "(t.\"updated\" <= ? AND t.\"updated\" >= ?)", ts("2024-12-31T23:59:59Z"), ts("2024-01-01T00:00:00Z"));
        assertSql("T_AFTER(updated, INTERVAL('2024-01-01T00:00:00Z', '2024-12-31T23:59:59Z'))", "t.\"updated\" > ?",
                ts("2024-12-31T23:59:59Z"));
    }

    @Test
    void openEndsAndNullEndsAreUnbounded() {
        assertSql("T_INTERSECTS(valid, INTERVAL('2024-01-01T00:00:00Z', '..'))",
                "(t.valid_to >= ? OR t.valid_to IS NULL)", ts("2024-01-01T00:00:00Z"));
        assertSql("T_DURING(valid, INTERVAL('2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z'))",
                "((t.valid_from IS NOT NULL AND t.valid_from > ?) AND (t.valid_to IS NOT NULL AND t.valid_to < ?))",
                ts("2020-01-01T00:00:00Z"), ts("2021-01-01T00:00:00Z"));
        assertSql("T_EQUALS(valid, INTERVAL('..', '2020-01-01T00:00:00Z'))",
                "(t.valid_from IS NULL AND (t.valid_to IS NOT NULL AND t.valid_to = ?))", ts("2020-01-01T00:00:00Z"));
    }

    @Test
    void openEndsFoldToConstants() {
        assertSql("T_INTERSECTS(INTERVAL('..', '..'), updated)", "TRUE");
        assertSql("T_BEFORE(INTERVAL('..', '..'), updated)", "FALSE");
        assertSql("name = 'a' AND T_AFTER(updated, INTERVAL('..', '..'))", "FALSE");
        assertSql("name = 'a' OR T_INTERSECTS(updated, INTERVAL('..', '..'))", "TRUE");
    }

    @Test
    void rangeProperty() {
        String upper = "upper(tstzrange(t.start_time, t.end_time, '[]'))";
        assertSql("T_BEFORE(period, TIMESTAMP('2024-01-01T00:00:00Z'))",
                "(" + upper + " IS NOT NULL AND " + upper + " < ?)", ts("2024-01-01T00:00:00Z"));
    }

    @Test
    void intervalWithPropertyEnds() {
        assertSql("T_DURING(INTERVAL(start_time, end_time), INTERVAL('2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'))",
                "((t.start_time IS NOT NULL AND t.start_time > ?) AND (t.end_time IS NOT NULL AND t.end_time < ?))",
                ts("2024-01-01T00:00:00Z"), ts("2024-02-01T00:00:00Z"));
    }

    @Test
    void intervalPropertiesAgainstEachOther() {
        String lower = "lower(tstzrange(t.start_time, t.end_time, '[]'))";
        assertSql("T_MEETS(valid, period)",
                "(t.valid_to IS NOT NULL AND " + lower + " IS NOT NULL AND t.valid_to = " + lower + ")");
        String upper = "upper(tstzrange(t.start_time, t.end_time, '[]'))";
        assertSql("T_STARTS(valid, period)",
                "(((t.valid_from IS NOT NULL AND " + lower + " IS NOT NULL AND t.valid_from = " + lower + ")"
                        + " OR (t.valid_from IS NULL AND " + lower + " IS NULL))"
                        + " AND ((t.valid_to IS NOT NULL AND " + upper + " IS NOT NULL AND t.valid_to < " + upper + ")"
                        + " OR (t.valid_to IS NOT NULL AND " + upper + " IS NULL)))");
    }

    @Test
    void dateGranularity() {
        assertSql("T_AFTER(built, DATE('1900-01-01'))", "t.\"built\" > ?", LocalDate.of(1900, 1, 1));
        assertSql("T_INTERSECTS(built, INTERVAL('1800-01-01', '1900-01-01'))",
                "(t.\"built\" <= ? AND t.\"built\" >= ?)", LocalDate.of(1900, 1, 1), LocalDate.of(1800, 1, 1));
    }

    @Test
    void datesMeetingTimestampsStartTheirDayInUtc() {
        assertSql("T_INTERSECTS(updated, INTERVAL('2024-01-01', '2024-12-31'))",
                "(t.\"updated\" <= ? AND t.\"updated\" >= ?)", ts("2024-12-31T00:00:00Z"), ts("2024-01-01T00:00:00Z"));
        assertSql("T_AFTER(built, TIMESTAMP('1900-01-01T00:00:00Z'))",
                "(CAST(t.\"built\" AS timestamp) AT TIME ZONE 'UTC') > ?", ts("1900-01-01T00:00:00Z"));
    }

    @Test
    void intervalOnlyFunctionsRejectInstants() {
        CqlException e = assertTextFails(Kind.TYPE_MISMATCH,
                "T_DURING(updated, INTERVAL('2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'))",
                "T_DURING applies to intervals only, but its first argument is an instant");
        assertEquals(-1, e.position());
        assertTextFails(Kind.TYPE_MISMATCH, "T_MEETS(valid, TIMESTAMP('2024-01-01T00:00:00Z'))", "second argument");
    }

    @Test
    void invalidTemporalOperands() {
        assertTextFails(Kind.TYPE_MISMATCH, "T_AFTER(name, TIMESTAMP('2024-01-01T00:00:00Z'))",
                "T_AFTER needs instants or intervals, but its first argument is property 'name' (a string)");
        assertTextFails(Kind.TYPE_MISMATCH, "T_AFTER(updated, '2024-01-01')", "but its second argument is a string");
        assertTextFails(Kind.TYPE_MISMATCH, "T_DURING(INTERVAL(name, end_time), INTERVAL('..', '..'))",
                "must be dates or timestamps");
        assertTextFails(Kind.SYNTAX, "T_DURING(valid, INTERVAL('2024-02-01', '2024-01-01'))",
                "the start of an INTERVAL must not be after its end");
        assertTextFails(Kind.SYNTAX, "T_DURING(valid, INTERVAL('2024-01-01', '2024-02-01T00:00:00Z'))",
                "both ends of an INTERVAL must be dates or both timestamps");
        assertTextFails(Kind.SYNTAX, "updated > TIMESTAMP('2024-01-01')", "invalid timestamp '2024-01-01'");
        assertTextFails(Kind.SYNTAX, "built > DATE('2024-02-30')", "invalid date '2024-02-30'");
        assertTextFails(Kind.SYNTAX, "T_DURING(valid, INTERVAL('2024-01-01'))", "INTERVAL takes two arguments");
        assertTextFails(Kind.SYNTAX, "T_DURING(valid, INTERVAL('yesterday', '..'))", "invalid INTERVAL end");
        assertTextFails(Kind.SYNTAX, "updated > INTERVAL('..', '..') AND", "expected a condition");
    }
}
