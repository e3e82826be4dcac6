package nl.tweeling.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.common.time.TimeInterval;

class TimeIntervalTest {

    @Test
    void instantIntervalAndOpenEnds() {
        Instant t = Instant.parse("2026-11-28T10:00:00Z");
        assertEquals(new TimeInterval(t, t), TimeInterval.parse("datetime", "2026-11-28T11:00:00+01:00"));
        assertEquals(new TimeInterval(t, null), TimeInterval.parse("datetime", "2026-11-28T10:00:00Z/.."));
        assertEquals(new TimeInterval(null, t), TimeInterval.parse("datetime", "/2026-11-28T10:00:00Z"));
        assertNull(TimeInterval.parse("datetime", null).start());
    }

    @Test
    void datesAreWholeDaysAndDurationsCountFromTheOtherEnd() {
        Instant day = Instant.parse("2026-11-28T00:00:00Z");
        Instant lastMicro = Instant.parse("2026-11-28T23:59:59.999999Z");
        assertEquals(new TimeInterval(day, lastMicro), TimeInterval.parse("datetime", "2026-11-28"));
        assertEquals(new TimeInterval(day, Instant.parse("2026-11-30T00:00:00Z")), TimeInterval.parse("datetime", "2026-11-28/P2D"));
        assertEquals(new TimeInterval(Instant.parse("2026-11-28T08:30:00Z"), Instant.parse("2026-11-28T10:00:00Z")),
                TimeInterval.parse("datetime", "PT1H30M/2026-11-28T10:00:00Z"));
        assertEquals(new TimeInterval(Instant.parse("2026-11-28T10:00:00Z"), Instant.parse("2027-01-29T11:00:00Z")),
                TimeInterval.parse("datetime", "2026-11-28T10:00:00Z/P2M1DT1H"));
        assertEquals(new TimeInterval(day, null), TimeInterval.parse("datetime", "2026-11-28/.."));
    }

    @Test
    void malformedValuesAreRejected() {
        for (String bad : new String[] {"yesterday", "2026-11-2", "2026-11-28T10:00:00", "../..", "a/b/c", "P1D/P2D",
                "P1D", "../P1D", "2026-11-28/P-1D", "2026-11-28/P2X", "2026-11-28/2026-11-27",
                "2026-11-29T00:00:00Z/2026-11-28T00:00:00Z", "'; DROP TABLE x; --"}) {
            TweelingException e = assertThrows(TweelingException.class, () -> TimeInterval.parse("datetime", bad), bad);
            assertEquals("datetime", e.parameter());
            assertEquals(400, e.status());
        }
    }
}
