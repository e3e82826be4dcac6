package nl.tweeling.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Collects what a reader finds, for reader tests. */
public final class Found implements ReadingSink {
    public final List<Reading> readings = new ArrayList<>();
    public final List<String> rejected = new ArrayList<>();
    public int missing;

    @Override
    public void reading(Reading r) {
        readings.add(r);
    }

    @Override
    public void rejected(long offset, String reason) {
        rejected.add(offset + ": " + reason);
    }

    @Override
    public void missing(long offset) {
        missing++;
    }

    /** The one reading of {@code stream} at {@code instant}. */
    public Reading one(String stream, String instant) {
        List<Reading> m = readings.stream()
                .filter(r -> r.stream().key().equals(stream) && r.phenomenonTime().equals(Instant.parse(instant)))
                .toList();
        assertEquals(1, m.size(), stream + " at " + instant + " among " + readings.size() + " readings");
        return m.get(0);
    }

    public long count(String stream) {
        return readings.stream().filter(r -> r.stream().key().equals(stream)).count();
    }
}
