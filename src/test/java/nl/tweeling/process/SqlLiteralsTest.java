package nl.tweeling.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Inlining bound values into relation SQL: markers outside literals, identifiers and comments; safe literals. */
class SqlLiteralsTest {

    @Test
    void replacesMarkersInOrder() {
        assertEquals("SELECT * FROM t WHERE a = (7) AND b <= (3) AND c > '2026-12-07T10:00:00Z'::timestamptz",
                SqlLiterals.inline("SELECT * FROM t WHERE a = ? AND b <= ? AND c > ?",
                        List.of(7L, 3, Timestamp.from(Instant.parse("2026-12-07T10:00:00Z")))));
    }

    @Test
    void leavesQuestionMarksInLiteralsIdentifiersAndCommentsAlone() {
        String sql = "-- why? because\nSELECT '?' AS \"what?\", x /* ? */ FROM t WHERE y = ? AND z = 'it''s ?'";
        assertEquals("-- why? because\nSELECT '?' AS \"what?\", x /* ? */ FROM t WHERE y = (1) AND z = 'it''s ?'",
                SqlLiterals.inline(sql, List.of(1)));
    }

    @Test
    void valuesCannotEscapeTheirLiteral() {
        assertEquals("x = 'a''; DROP TABLE t; --'", SqlLiterals.inline("x = ?", List.of("a'; DROP TABLE t; --")));
        assertEquals("x = NULL AND y = TRUE AND u = '00000000-0000-0000-0000-000000000001'::uuid",
                SqlLiterals.inline("x = ? AND y = ? AND u = ?", Arrays.asList(null, true,
                        UUID.fromString("00000000-0000-0000-0000-000000000001"))));
        assertEquals("x = (-5)", SqlLiterals.inline("x = ?", List.of(-5)));
        assertThrows(IllegalArgumentException.class, () -> SqlLiterals.inline("x = ?", List.of(new Object())));
        assertThrows(IllegalArgumentException.class, () -> SqlLiterals.inline("x = ?", List.of("a\0b")));
        assertThrows(IllegalArgumentException.class, () -> SqlLiterals.inline("x = ? AND y = ?", List.of(1)));
        assertThrows(IllegalArgumentException.class, () -> SqlLiterals.inline("x = 1", List.of(1)));
        assertThrows(IllegalArgumentException.class, () -> SqlLiterals.inline("x = ?", List.of(Double.NaN)));
    }
}
