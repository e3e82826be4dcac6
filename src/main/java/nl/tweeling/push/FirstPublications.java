package nl.tweeling.push;

import java.util.Arrays;

/**
 * Where each recent observation value was first published on the change topic, so that a stream sends it
 * once although the topic may carry it more than once. The change topic is at least once: a consumer that
 * re-reads a batch it had already written (its offsets were not committed: a crash, a rebalance, a broker
 * that did not acknowledge every message) publishes the rows again, with the same {@code id} and
 * {@code corrections} (see {@link CommittedPublisher}). A value is identified by (id, corrections): a
 * correction is a new value. Of its publications only the first, the one at the lowest offset, is sent;
 * the others are copies. Readers at different places agree on that: the feed reading live and a stream
 * replaying from its {@code Last-Event-ID} skip the same messages.
 * <p>
 * Bounded: it remembers between {@code window} and twice as many of the values it saw last (two
 * generations; when the newer holds {@code window} values the older is forgotten). A copy published
 * later than that is not recognised and is sent again. Memory: two open-addressing tables of 16 bytes a
 * slot, each at most half full: at most 128 bytes per value of the window (8 MB for 100,000), less while
 * fewer were seen. Plain Java; thread-safe (synchronized).
 */
public final class FirstPublications {

    /** Offsets are kept in 40 bits, partitions and correction counts in 12 bits each. */
    private static final long MAX_OFFSET = (1L << 40) - 2;
    private static final int MAX_SMALL = (1 << 12) - 1;

    private final int window;
    private Table newer;
    private Table older;

    /** Remembers at least the last {@code window} values seen (at least 1). */
    public FirstPublications(int window) {
        this.window = Math.max(1, window);
        this.newer = new Table(16);
        this.older = new Table(16);
    }

    /**
     * Notes a message of the change topic and says whether it is a value's first publication: false only
     * when the same value is remembered at a lower offset of the same partition. A message earlier than
     * the remembered one (a replay reading older messages) becomes the remembered one.
     */
    public synchronized boolean first(long id, int corrections, int partition, long offset) {
        if (!rememberable(corrections, partition, offset)) {
            return true;
        }
        long packed = pack(corrections, partition, offset);
        Table t = newer;
        int slot = t.find(id, corrections);
        if (slot < 0) {
            t = older;
            slot = t.find(id, corrections);
        }
        if (slot >= 0) {
            long known = t.positions[slot];
            if (samePartition(known, packed) && offset(known) < offset) {
                return false;
            }
            if (samePartition(known, packed) && offset(known) > offset) {
                t.positions[slot] = packed;
            }
            return true;
        }
        if (newer.size >= window) {
            Table free = older;
            older = newer;
            newer = free.clear();
        }
        newer = newer.put(id, packed);
        return true;
    }

    /**
     * True when the message is a copy: the same value is remembered at a lower offset of the same partition.
     * Changes nothing (for readers that must not crowd the memory out, such as a stream's replay).
     */
    public synchronized boolean copy(long id, int corrections, int partition, long offset) {
        if (!rememberable(corrections, partition, offset)) {
            return false;
        }
        long packed = pack(corrections, partition, offset);
        Table t = newer;
        int slot = t.find(id, corrections);
        if (slot < 0) {
            t = older;
            slot = t.find(id, corrections);
        }
        return slot >= 0 && samePartition(t.positions[slot], packed) && offset(t.positions[slot]) < offset;
    }

    /** Values remembered now (for tests and diagnostics). */
    public synchronized int size() {
        return newer.size + older.size;
    }

    private static boolean rememberable(int corrections, int partition, long offset) {
        // beyond what the packed form holds (never in practice): sent, never taken for a copy
        return corrections >= 0 && corrections < MAX_SMALL && partition >= 0 && partition < MAX_SMALL
                && offset >= 0 && offset <= MAX_OFFSET;
    }

    /** (offset + 1) in the high 40 bits (so a used slot is never 0), then partition, then corrections. */
    private static long pack(int corrections, int partition, long offset) {
        return ((offset + 1) << 24) | ((long) partition << 12) | corrections;
    }

    private static long offset(long packed) {
        return (packed >>> 24) - 1;
    }

    private static boolean samePartition(long a, long b) {
        return ((a >>> 12) & MAX_SMALL) == ((b >>> 12) & MAX_SMALL);
    }

    /** An open-addressing table of (id, corrections) → packed position; 0 marks a free slot. */
    private static final class Table {
        long[] ids;
        long[] positions;
        int size;

        Table(int capacity) {
            ids = new long[capacity];
            positions = new long[capacity];
        }

        /** Empties the table, keeping its arrays (the next generation fills them again). */
        Table clear() {
            Arrays.fill(positions, 0);
            size = 0;
            return this;
        }

        int find(long id, int corrections) {
            int mask = ids.length - 1;
            for (int i = index(id, corrections, mask);; i = (i + 1) & mask) {
                long p = positions[i];
                if (p == 0) {
                    return -1;
                }
                if (ids[i] == id && (int) (p & MAX_SMALL) == corrections) {
                    return i;
                }
            }
        }

        /** Adds a key that is not in the table, first doubling the table when it would be more than half full. */
        Table put(long id, long packed) {
            Table t = this;
            if ((size + 1) * 2 > ids.length) {
                t = new Table(Math.max(ids.length * 2, 16));
                for (int i = 0; i < ids.length; i++) {
                    if (positions[i] != 0) {
                        t.insert(ids[i], positions[i]);
                    }
                }
            }
            t.insert(id, packed);
            return t;
        }

        private void insert(long id, long packed) {
            int mask = ids.length - 1;
            int i = index(id, (int) (packed & MAX_SMALL), mask);
            while (positions[i] != 0) {
                i = (i + 1) & mask;
            }
            ids[i] = id;
            positions[i] = packed;
            size++;
        }

        private static int index(long id, int corrections, int mask) {
            long h = (id * 0x9E3779B97F4A7C15L + corrections) * 0xBF58476D1CE4E5B9L;
            return (int) (h ^ (h >>> 31)) & mask;
        }
    }
}
