package nl.tweeling.tiles;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

/**
 * Made tiles in memory, bounded by their bytes (Caffeine, W-TinyLFU), each with the envelope it covers so that a
 * change of some features evicts only the tiles those features touch. Plain Java (no Quarkus types): the bean
 * {@link TileInvalidation} owns one and exposes its counters as metrics.
 *
 * <p>What makes two tiles differ is in the {@link Key}: the collection (or the dataset), the tile matrix set, the
 * tile, the instant asked for and the <em>view</em>: the layers, tables, tile rules and property columns the tile
 * was cut from, which is exactly what the caller's access changes. So a tile made for an admin (who sees a
 * restricted property) has another key than the same tile made for an anonymous caller, and two callers who see
 * the same are served the same entry.
 *
 * <p>Consistency: a tile is put only if no layer it holds changed while it was being made. Each layer has an
 * epoch; {@link #stamp} reads the epochs before the tile is made, {@link #invalidate} raises them before it
 * evicts, and {@link #put} checks them after storing (and removes what it stored if one moved). A tile read
 * from a snapshot before a change is therefore never kept past that change's invalidation. Thread-safe.
 */
public final class TileCache {

    /** Bytes an entry costs besides its tile: key, envelopes, the map's node (an estimate). */
    static final int OVERHEAD = 200;

    /**
     * @param scope the collection ({@code collection:<id>}) or {@code dataset}
     * @param at    the datetime asked for, or null for the current features
     * @param view  the layers, tables, rules and property columns of the tile's cuts (see {@link #view})
     */
    public record Key(String scope, TileMatrixSet tms, int level, long row, long col, Instant at, String view) {
    }

    /**
     * A made tile.
     *
     * @param bytes  the tile (empty: no feature in it, a 204)
     * @param etag   its entity tag, or null when empty
     * @param layers the ids of the layers it was cut from
     * @param rd     {minX, minY, maxX, maxY} of the tile with its MVT buffer in EPSG:28992
     * @param crs84  the same area in CRS84 (longitude, latitude)
     */
    public record Entry(byte[] bytes, String etag, Set<String> layers, double[] rd, double[] crs84) {

        int weight() {
            return bytes.length + OVERHEAD;
        }
    }

    private final long maxBytes;
    private final Cache<Key, Entry> cache;
    private final Map<String, AtomicLong> epochs = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicLong invalidated = new AtomicLong();

    /** @param maxBytes the bound on the entries' weights (tile bytes + {@value #OVERHEAD} each); 0 disables the cache */
    public TileCache(long maxBytes) {
        this.maxBytes = Math.max(0, maxBytes);
        this.cache = this.maxBytes == 0 ? null : Caffeine.newBuilder()
                .maximumWeight(this.maxBytes)
                .weigher((Key k, Entry e) -> e.weight())
                // maintenance on the calling thread: the bound holds when put returns (and in tests)
                .executor(Runnable::run)
                .removalListener((Key k, Entry e, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.incrementAndGet();
                    }
                })
                .build();
    }

    public boolean enabled() {
        return cache != null;
    }

    /** The cached tile, or null (counted as a hit or a miss). */
    public Entry get(Key key) {
        if (cache == null) {
            return null;
        }
        Entry e = cache.getIfPresent(key);
        (e == null ? misses : hits).incrementAndGet();
        return e;
    }

    /** The epochs of these layers now: take before making a tile, give to {@link #put}. */
    public long[] stamp(List<String> layers) {
        long[] out = new long[layers.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = epoch(layers.get(i)).get();
        }
        return out;
    }

    /**
     * Keeps a tile made from {@code layers} (in the order {@code stamp} was taken), unless one of them changed
     * since the stamp. Returns whether it is kept.
     */
    public boolean put(Key key, Entry entry, List<String> layers, long[] stamp) {
        if (cache == null || !unchanged(layers, stamp)) {
            return false;
        }
        cache.put(key, entry);
        if (!unchanged(layers, stamp)) {
            // an invalidation ran between the check and the put, and may have missed this entry
            cache.asMap().remove(key, entry);
            return false;
        }
        return true;
    }

    private boolean unchanged(List<String> layers, long[] stamp) {
        for (int i = 0; i < stamp.length; i++) {
            if (epoch(layers.get(i)).get() != stamp[i]) {
                return false;
            }
        }
        return true;
    }

    private AtomicLong epoch(String layer) {
        return epochs.computeIfAbsent(layer, k -> new AtomicLong());
    }

    /**
     * Evicts the tiles holding {@code layer} whose buffered envelope (EPSG:28992) meets one of {@code boxes}
     * ({minX, minY, maxX, maxY} each); every tile holding it when {@code boxes} is null. Returns how many.
     */
    public int invalidate(String layer, Collection<double[]> boxes) {
        epoch(layer).incrementAndGet();
        if (cache == null) {
            return 0;
        }
        int n = 0;
        for (Map.Entry<Key, Entry> e : cache.asMap().entrySet()) {
            Entry t = e.getValue();
            if (t.layers().contains(layer) && (boxes == null || meets(t.rd(), boxes))
                    && cache.asMap().remove(e.getKey(), t)) {
                n++;
            }
        }
        invalidated.addAndGet(n);
        return n;
    }

    /**
     * Evicts the tiles holding {@code layer} whose buffered envelope contains one of {@code points} (CRS84
     * longitude, latitude each): what a changed value of a point feature touches. Returns how many.
     */
    public int invalidateAt(String layer, Collection<double[]> points) {
        epoch(layer).incrementAndGet();
        if (cache == null || points.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (Map.Entry<Key, Entry> e : cache.asMap().entrySet()) {
            Entry t = e.getValue();
            if (t.layers().contains(layer) && contains(t.crs84(), points) && cache.asMap().remove(e.getKey(), t)) {
                n++;
            }
        }
        invalidated.addAndGet(n);
        return n;
    }

    static boolean meets(double[] envelope, Collection<double[]> boxes) {
        for (double[] b : boxes) {
            if (b[0] <= envelope[2] && b[2] >= envelope[0] && b[1] <= envelope[3] && b[3] >= envelope[1]) {
                return true;
            }
        }
        return false;
    }

    static boolean contains(double[] envelope, Collection<double[]> points) {
        for (double[] p : points) {
            if (p[0] >= envelope[0] && p[0] <= envelope[2] && p[1] >= envelope[1] && p[1] <= envelope[3]) {
                return true;
            }
        }
        return false;
    }

    /** Drops every tile (tests, and a layer change whose layer is not known). */
    public void clear() {
        for (String layer : epochs.keySet()) {
            epoch(layer).incrementAndGet();
        }
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    /** Runs pending maintenance (eviction), so that {@link #bytes} is exact. */
    public void cleanUp() {
        if (cache != null) {
            cache.cleanUp();
        }
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The weight the cache holds now: tile bytes + {@value #OVERHEAD} per entry. */
    public long bytes() {
        return cache == null ? 0 : cache.policy().eviction().map(ev -> ev.weightedSize().orElse(0)).orElse(0L);
    }

    public long entries() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    /** Entries dropped to stay within the bound. */
    public long evictions() {
        return evictions.get();
    }

    /** Entries dropped because their layers changed. */
    public long invalidated() {
        return invalidated.get();
    }

    /** The view part of a key: per cut its layer, table, rules and property columns, in order. */
    static String view(List<TileRepository.Cut> cuts) {
        StringBuilder b = new StringBuilder();
        for (TileRepository.Cut c : cuts) {
            b.append(c.layer().id()).append('\u0000').append(c.layer().tableSchema()).append('.')
                    .append(c.layer().tableName()).append('\u0000').append(c.rules()).append('\u0000');
            for (nl.tweeling.feature.Layer.Column col : c.properties()) {
                b.append(col.name()).append(':').append(col.type()).append(':').append(col.property()).append(',');
            }
            b.append('\u0001');
        }
        return b.toString();
    }
}
