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
     * Checks [start, end) read with rollups for whole hours ({@code hours}) or from raw rows only: the raw parts
     * are the edges before the first and after the last whole UTC hour, or everything.
     */
    static void check(Instant start, Instant end, boolean hours, Instant keptSince, String what) {
        boolean needsOld;
        if (!hours) {
            needsOld = start.isBefore(keptSince);
        } else {
            boolean startEdge = start.getEpochSecond() % 3600 != 0 || start.getNano() != 0;
            Instant lastHour = Instant.ofEpochSecond(Math.floorDiv(end.getEpochSecond(), 3600) * 3600);
            boolean endEdge = lastHour.isBefore(end);
            needsOld = (startEdge && start.isBefore(keptSince)) || (endEdge && lastHour.isBefore(keptSince));
        }
        if (needsOld) {
            throw TweelingException.badParameter("datetime", "The raw " + what + " before " + keptSince
                    + " are no longer kept (raw-data retention); their hourly and daily rollups are. Ask for"
                    + " count, avg, min, max or sum with a datetime that starts and ends on whole hours and an"
                    + " interval of whole hours or days.");
        }
    }
}
