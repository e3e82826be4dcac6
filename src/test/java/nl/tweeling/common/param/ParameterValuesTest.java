package nl.tweeling.common.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.common.time.TimeInterval;

/** The checks of ParameterValues, and TimeInterval's use of them: 400s naming the parameter. */
class ParameterValuesTest {

    private static void assertBad(String parameter, org.junit.jupiter.api.function.Executable call) {
        TweelingException e = assertThrows(TweelingException.class, call);
        assertEquals(400, e.status());
        assertEquals(parameter, e.parameter());
    }

    @Test
    void wholeNumbersAreAsciiDigits() {
        assertEquals(10, ParameterValues.wholeNumber("limit", " 10 ", 1, 100));
        assertEquals(-3, ParameterValues.wholeNumber("n", "-3", -5, 5));
        assertBad("limit", () -> ParameterValues.wholeNumber("limit", "\uFF11\uFF10", 1, 100));
        assertBad("limit", () -> ParameterValues.wholeNumber("limit", "\u0661", 1, 100));   // Arabic-Indic one
        assertBad("limit", () -> ParameterValues.wholeNumber("limit", "101", 1, 100));
        assertBad("limit", () -> ParameterValues.wholeNumber("limit", "99999999999", 1, 100));
        assertBad("limit", () -> ParameterValues.wholeNumber("limit", "+", 1, 100));
        assertBad("limit", () -> ParameterValues.wholeNumber("limit", "1e1", 1, 100));
    }

    @Test
    void valuesFitTheirColumnsType() {
        assertEquals(32767L, ParameterValues.fitsColumn("y", "int2", 32767L));
        assertBad("y", () -> ParameterValues.fitsColumn("y", "int2", 32768L));
        assertBad("y", () -> ParameterValues.fitsColumn("y", "int2", 2147483648L));
        assertBad("y", () -> ParameterValues.fitsColumn("y", "int4", 2147483648L));
        assertEquals(2147483648L, ParameterValues.fitsColumn("y", "int8", 2147483648L));
        assertBad("h", () -> ParameterValues.fitsColumn("h", "float4", 1e39));
        assertEquals(1e38, ParameterValues.fitsColumn("h", "float4", 1e38));
        assertBad("h", () -> ParameterValues.fitsColumn("h", "float8", new BigDecimal("1e309")));
        assertBad("h", () -> ParameterValues.fitsColumn("h", "float8", new BigDecimal("1e-400")));
        assertBad("h", () -> ParameterValues.fitsColumn("h", "float8", Double.POSITIVE_INFINITY));
        assertEquals("x", ParameterValues.fitsColumn("t", "text", "x"));
    }

    @Test
    void instantsLieInTheYears0000To9999() {
        assertBad("datetime", () -> TimeInterval.parse("datetime", "2024-01-01/P99999999Y"));
        assertBad("datetime", () -> TimeInterval.parse("datetime", "+999999999-12-31T23:59:59Z"));
        assertBad("datetime", () -> TimeInterval.parse("datetime", "P1D/0000-01-01T00:00:00Z"));
        assertBad("datetime", () -> TimeInterval.parse("datetime", "9999-12-31/P1D"));
        assertEquals(Instant.parse("9999-12-31T23:59:59.999999Z"), TimeInterval.parse("datetime", "9999-12-31").end());
        assertEquals(ParameterValues.EARLIEST, TimeInterval.parse("datetime", "0000-01-01/..").start());
    }

    @Test
    void nulIsNamedAndNeverPrintedRaw() {
        assertBad("type", () -> ParameterValues.text("type", "a\0b"));
        assertEquals("a?b", ParameterValues.printable("a\0b"));
        assertEquals(400, ParameterValues.noNul("x\0").status());
        assertEquals("x?", ParameterValues.noNul("x\0").parameter());
    }
}
