package nl.tweeling.push;

import java.util.Arrays;

/**
 * A place in the change topic: for each partition the offset of the next message to read. It is a stream's
 * event id ({@code id:} of Server-Sent Events), so a client that reconnects with {@code Last-Event-ID} resumes
 * right after what it has seen: written as the offsets joined by {@code .} in partition order, e.g.
 * {@code 12.0.7.3}. Immutable.
 */
public final class Position {

    private final long[] next;

    Position(long[] next) {
        this.next = next.clone();
    }

    /** Reads an event id; null when it is not one for a topic of {@code partitions} partitions. */
    public static Position parse(String text, int partitions) {
        if (text == null || text.isEmpty() || text.length() > 20 * partitions + partitions) {
            return null;
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != partitions) {
            return null;
        }
        long[] next = new long[partitions];
        for (int i = 0; i < partitions; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 18 || !p.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                return null;
            }
            next[i] = Long.parseLong(p);
        }
        return new Position(next);
    }

    public int partitions() {
        return next.length;
    }

    /** The next offset to read in {@code partition}. */
    public long next(int partition) {
        return next[partition];
    }

    /** Each partition's larger offset of the two (both cover what either covers). */
    Position max(Position other) {
        long[] m = next.clone();
        for (int i = 0; i < m.length && i < other.next.length; i++) {
            m[i] = Math.max(m[i], other.next[i]);
        }
        return new Position(m);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(next.length * 4);
        for (int i = 0; i < next.length; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(next[i]);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Position p && Arrays.equals(next, p.next);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(next);
    }
}
