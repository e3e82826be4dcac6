package nl.tweeling.ingest.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per API key: each holds up to {@code burst} observations and refills at
 * {@code perSecond}. A request takes all its observations or none. Thread-safe; plain Java.
 */
public final class RateLimiter {

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public RateLimiter(double perSecond, double burst, LongSupplier nanos) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanos = nanos;
    }

    /**
     * Takes {@code n} tokens from {@code key}'s bucket; returns 0 when granted, else the seconds (at least 1)
     * after which the request may succeed.
     */
    public long acquire(String key, int n) {
        long now = nanos.getAsLong();
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.at) / 1e9 * perSecond);
            b.at = now;
            if (b.tokens >= n) {
                b.tokens -= n;
                return 0;
            }
            if (n > burst) {
                return Long.MAX_VALUE;
            }
            return Math.max(1, (long) Math.ceil((n - b.tokens) / perSecond));
        }
    }
}
