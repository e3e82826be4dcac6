package nl.tweeling.sensor;

import java.time.Instant;

import nl.tweeling.common.problem.TweelingException;

/**
 * Whether an aggregate needs raw observations older than the raw-data retention keeps (V009,
 * {@code observed_property.raw_kept_since}): then it is a 400 that says what can still be answered (the rollups
 * keep whole hours and days). Pure Java.
 */
final class RawEdges {

    private RawEdges() {
    }

    /**
     * Checks [start, end) read with rollups for whole periods of {@code rollupSeconds} (300: five minutes, 3600:
     * hours, on the UTC grid) or, when it is 0, from raw rows only: the raw parts are the edges before the first
     * and after the last whole period, or everything.
     */
    static void check(Instant start, Instant end, int rollupSeconds, Instant keptSince, String what) {
        boolean needsOld;
        if (rollupSeconds == 0) {
            needsOld = start.isBefore(keptSince);
        } else {
            boolean startEdge = start.getEpochSecond() % rollupSeconds != 0 || start.getNano() != 0;
            Instant lastMark = Instant.ofEpochSecond(Math.floorDiv(end.getEpochSecond(), rollupSeconds) * rollupSeconds);
            boolean endEdge = lastMark.isBefore(end);
            needsOld = (startEdge && start.isBefore(keptSince)) || (endEdge && lastMark.isBefore(keptSince));
        }
        if (needsOld) {
            throw TweelingException.badParameter("datetime", "The raw " + what + " before " + keptSince
                    + " are no longer kept (raw-data retention); their five-minute, hourly and daily rollups are."
                    + " Ask for count, avg, min, max or sum with a datetime that starts and ends on whole five"
                    + " minutes and an interval of 5, 10, 15, 20 or 30 minutes, or on whole hours with an interval of"
                    + " whole hours or days.");
        }
    }
}
