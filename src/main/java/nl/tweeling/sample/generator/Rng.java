package nl.tweeling.sample.generator;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random helpers. Every consumer derives its own stream from the run seed and a fixed
 * salt, so one layer's draws never shift another's: same seed, same output.
 */
final class Rng {
    private Rng() {
    }

    /** A generator for (seed, salt); independent of call order elsewhere. */
    static SplittableRandom of(long seed, long salt) {
        return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + salt));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    static int between(SplittableRandom r, int lo, int hiInclusive) {
        return lo + r.nextInt(hiInclusive - lo + 1);
    }

    static boolean chance(SplittableRandom r, double p) {
        return r.nextDouble() < p;
    }

    static double gaussian(SplittableRandom r) {
        // Box-Muller, deterministic
        double u1 = r.nextDouble(), u2 = r.nextDouble();
        if (u1 < 1e-300) {
            u1 = 1e-300;
        }
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    static <T> T pick(SplittableRandom r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    static <T> T pick(SplittableRandom r, T[] items) {
        return items[r.nextInt(items.length)];
    }

    /** Index drawn from unnormalised weights. */
    static int weighted(SplittableRandom r, double... w) {
        double s = 0;
        for (double x : w) {
            s += x;
        }
        double t = r.nextDouble() * s;
        for (int i = 0; i < w.length; i++) {
            t -= w[i];
            if (t < 0) {
                return i;
            }
        }
        return w.length - 1;
    }

    static <T> void shuffle(SplittableRandom r, List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
