package nl.tweeling.sample.generator;

/**
 * Locale-independent number formatting: a value is rounded half-up to a fixed number of
 * decimals and printed without trailing zeros ("12.5", "7", "0.12"). Never uses the default
 * locale, so output bytes do not depend on the machine.
 */
public final class Fmt {
    private static final long[] POW10 = {1, 10, 100, 1000, 10000, 100000, 1000000};

    private Fmt() {
    }

    /** Formats {@code v} with at most {@code decimals} (0–6) decimals. */
    public static String dec(double v, int decimals) {
        StringBuilder sb = new StringBuilder(16);
        append(sb, v, decimals);
        return sb.toString();
    }

    static void append(StringBuilder sb, double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        long scale = POW10[decimals];
        long n = Math.round(v * scale);
        if (n < 0) {
            sb.append('-');
            n = -n;
        }
        long whole = n / scale;
        long frac = n % scale;
        sb.append(whole);
        if (frac != 0) {
            int digits = decimals;
            while (frac % 10 == 0) {
                frac /= 10;
                digits--;
            }
            sb.append('.');
            String f = Long.toString(frac);
            for (int i = f.length(); i < digits; i++) {
                sb.append('0');
            }
            sb.append(f);
        }
    }
}
