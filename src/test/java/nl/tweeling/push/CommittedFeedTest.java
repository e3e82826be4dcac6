package nl.tweeling.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;

/** How the feed tells which value a message holds without reading all of it: headers, key, JSON. Plain JUnit. */
class CommittedFeedTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void decimalHeadersAndKeys() {
        assertEquals(0L, CommittedFeed.decimal(b("0")));
        assertEquals(4711L, CommittedFeed.decimal(b("4711")));
        assertEquals(-3L, CommittedFeed.decimal(b("-3")));
        assertEquals(Long.MAX_VALUE, CommittedFeed.decimal(b(Long.toString(Long.MAX_VALUE))));
        assertEquals(Long.MIN_VALUE, CommittedFeed.decimal(b(Long.toString(Long.MIN_VALUE))));
        for (String bad : new String[] {"", "-", "1.5", "12a", " 1", "+1", "9".repeat(19), "1".repeat(21),
            "+" + "1".repeat(18)}) {
            assertNull(CommittedFeed.decimal(b(bad)), bad);
        }
        assertNull(CommittedFeed.decimal(null));
    }

    @Test
    void identityReadsIdAndCorrectionsAndSkipsTheRest() throws Exception {
        JsonFactory f = new JsonFactory();
        assertArrayEquals(new long[] {12, 0}, CommittedObservation.identity(f, b(
                "{\"id\":12,\"datastreamId\":3,\"result\":{\"id\":99,\"corrections\":5},\"phenomenonTime\":\"x\"}")));
        assertArrayEquals(new long[] {12, 2}, CommittedObservation.identity(f, b(
                "{\"result\":[1,{\"corrections\":9}],\"corrections\":2,\"id\":12}")));
        assertNull(CommittedObservation.identity(f, b("{\"datastreamId\":3}")));
        assertNull(CommittedObservation.identity(f, b("{\"id\":\"12\"}")));
        assertNull(CommittedObservation.identity(f, b("[1,2]")));
    }
}
