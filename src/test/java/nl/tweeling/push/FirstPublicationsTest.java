package nl.tweeling.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Which messages of the change topic are a value's first publication and which are copies. Plain JUnit. */
class FirstPublicationsTest {

    @Test
    void aLaterCopyOfTheSameValueIsNotFirst() {
        FirstPublications p = new FirstPublications(100);
        assertTrue(p.first(7, 0, 2, 10));
        assertFalse(p.first(7, 0, 2, 15), "the same id and corrections again, later");
        assertTrue(p.first(7, 0, 2, 10), "the first publication itself, read again (a reader that reconnected)");
        assertTrue(p.first(7, 1, 2, 16), "a correction is a new value");
        assertFalse(p.first(7, 1, 2, 20));
        assertTrue(p.first(8, 0, 2, 15), "another observation");
        assertTrue(p.copy(7, 0, 2, 15));
        assertFalse(p.copy(7, 0, 2, 10));
        assertFalse(p.copy(9, 0, 2, 30), "unknown");
    }

    @Test
    void anEarlierMessageOfTheSameValueBecomesTheFirst() {
        // a replay reads older messages than the feed saw: the copy the feed took for the first is a copy
        FirstPublications p = new FirstPublications(100);
        assertTrue(p.first(5, 0, 0, 40));
        assertTrue(p.first(5, 0, 0, 30));
        assertFalse(p.first(5, 0, 0, 40));
        assertTrue(p.copy(5, 0, 0, 40));
    }

    @Test
    void copyChangesNothing() {
        FirstPublications p = new FirstPublications(100);
        assertFalse(p.copy(1, 0, 0, 5));
        assertEquals(0, p.size());
        assertTrue(p.first(1, 0, 0, 9));
        assertFalse(p.copy(1, 0, 0, 5), "an earlier message is not a copy");
        assertFalse(p.first(1, 0, 0, 10), "and asking did not make it the first");
    }

    @Test
    void otherPartitionsAreNotCompared() {
        FirstPublications p = new FirstPublications(100);
        assertTrue(p.first(3, 0, 1, 10));
        assertFalse(p.copy(3, 0, 2, 20));
        assertTrue(p.first(3, 0, 2, 20));
    }

    @Test
    void itRemembersAtLeastTheWindowAndForgetsWhatIsOlder() {
        int window = 1000;
        FirstPublications p = new FirstPublications(window);
        for (int i = 0; i < 10 * window; i++) {
            assertTrue(p.first(i, 0, 0, i));
            assertTrue(p.size() <= 2 * window, "size " + p.size());
        }
        // the last `window` are remembered…
        for (int i = 9 * window; i < 10 * window; i++) {
            assertTrue(p.copy(i, 0, 0, 10L * window + i), "forgot " + i);
        }
        // …the oldest are not
        assertFalse(p.copy(0, 0, 0, 20L * window));
        assertTrue(p.first(0, 0, 0, 20L * window));
    }

    @Test
    void manyIdsWithCorrectionsAgainstASet() {
        // random ids (negative too), corrections and offsets against a plain map of first offsets
        Random random = new Random(42);
        FirstPublications p = new FirstPublications(1 << 20);
        java.util.Map<String, Long> firsts = new java.util.HashMap<>();
        for (long offset = 0; offset < 200_000; offset++) {
            long id = random.nextInt(50_000) - 1000;
            int corrections = random.nextInt(3);
            String key = id + "/" + corrections;
            boolean expected = !firsts.containsKey(key);
            firsts.putIfAbsent(key, offset);
            assertEquals(expected, p.first(id, corrections, 0, offset), key + " at " + offset);
        }
    }

    @Test
    void valuesBeyondThePackedFormAreAlwaysSent() {
        FirstPublications p = new FirstPublications(100);
        assertTrue(p.first(1, 5000, 0, 1));
        assertTrue(p.first(1, 5000, 0, 2));
        assertTrue(p.first(2, 0, 0, -1));
        assertTrue(p.first(2, 0, 0, -1));
        assertEquals(0, p.size());
    }
}
