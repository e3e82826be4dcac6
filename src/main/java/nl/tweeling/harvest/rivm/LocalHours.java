package nl.tweeling.harvest.rivm;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns local clock times without an offset into instants, with an explicit daylight-saving rule:
 * <ul>
 * <li>a local time in the spring-forward gap (02:00-02:59 on the last Sunday of March in Europe/Amsterdam)
 * does not exist: {@link #resolve} returns null and the record is rejected, never shifted to a guess;</li>
 * <li>a local time in the autumn overlap (02:00-02:59 on the last Sunday of October happens twice): the first
 * record for a series at that local time is the first occurrence (summer time, +02:00), a second record for the
 * same series and local time is the second occurrence (winter time, +01:00); a third is rejected.</li>
 * </ul>
 * One instance per document: it remembers the overlap times it has seen. Not thread-safe.
 */
public final class LocalHours {

    private final ZoneId zone;
    private final Map<String, Integer> seenInOverlap = new HashMap<>();

    public LocalHours(ZoneId zone) {
        this.zone = zone;
    }

    /** The instant of {@code local} for {@code series}, or null when the local time cannot be placed. */
    public Instant resolve(LocalDateTime local, String series) {
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.isEmpty()) {
            return null;
        }
        if (offsets.size() == 1) {
            return local.toInstant(offsets.get(0));
        }
        int n = seenInOverlap.merge(series + "@" + local, 1, Integer::sum);
        return n <= offsets.size() ? local.toInstant(offsets.get(n - 1)) : null;
    }

    /** Why {@link #resolve} gave null for {@code local}. */
    public String why(LocalDateTime local) {
        if (zone.getRules().getValidOffsets(local).isEmpty()) {
            return "local time " + local + " does not exist in " + zone + " (clocks skip that hour)";
        }
        return "local time " + local + " occurs twice in " + zone + " and this series has it more than twice";
    }

    public ZoneId zone() {
        return zone;
    }
}
