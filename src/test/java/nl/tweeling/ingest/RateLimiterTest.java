package nl.tweeling.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import nl.tweeling.ingest.http.RateLimiter;

class RateLimiterTest {

    @Test
    void bucketsRefillAtTheRateAndAreSeparatePerKey() {
        AtomicLong clock = new AtomicLong();
        RateLimiter limiter = new RateLimiter(100, 200, clock::get);
        assertEquals(0, limiter.acquire("a", 150));
        assertEquals(1, limiter.acquire("a", 100), "50 left, 100 wanted: wait");
        assertEquals(0, limiter.acquire("b", 200), "another key has its own bucket");
        clock.addAndGet(500_000_000L);
        assertEquals(0, limiter.acquire("a", 100), "half a second refills 50");
        assertEquals(Long.MAX_VALUE, limiter.acquire("a", 201), "more than the burst never fits");
    }
}
