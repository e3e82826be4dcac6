package nl.tweeling.sample.generator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The public facts the sample is built on, read from the classpath resource
 * {@code /sample/zwolle-areas.csv}: the 16 wijken (code = WIJKNUMMER, name) and the 78 buurten
 * of Zwolle (code = BRTNR, name, wijk, residents on 1 January 2024, dwellings, centroid in RD New
 * rounded to 10 m). Lists are ordered by code.
 */
public final class AreaTable {

    /** A wijk (district). */
    public record Wijk(String code, String name) {
    }

    /**
     * A buurt (neighbourhood). {@code residents} and {@code dwellings} are null where the source
     * had no figure.
     */
    public record Buurt(String code, String name, String wijkCode, Integer residents, Integer dwellings,
                        double x, double y) {
        /** CBS code: BU0193 + BRTNR zero-padded to 3 digits + 0. */
        public String cbsCode() {
            return "BU0193" + String.format(java.util.Locale.ROOT, "%03d", Integer.parseInt(code)) + "0";
        }

        public int residentsOrZero() {
            return residents == null ? 0 : residents;
        }

        public int dwellingsOrZero() {
            return dwellings == null ? 0 : dwellings;
        }
    }

    public static final String RESOURCE = "/sample/zwolle-areas.csv";

    private final List<Wijk> wijken;
    private final List<Buurt> buurten;

    private AreaTable(List<Wijk> wijken, List<Buurt> buurten) {
        this.wijken = Collections.unmodifiableList(wijken);
        this.buurten = Collections.unmodifiableList(buurten);
    }

    public List<Wijk> wijken() {
        return wijken;
    }

    public List<Buurt> buurten() {
        return buurten;
    }

    public int totalResidents() {
        return buurten.stream().mapToInt(Buurt::residentsOrZero).sum();
    }

    public Map<String, Wijk> wijkByCode() {
        Map<String, Wijk> m = new TreeMap<>();
        wijken.forEach(w -> m.put(w.code(), w));
        return m;
    }

    /** Loads the table from the classpath. */
    public static AreaTable load() {
        try (InputStream in = AreaTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource missing: " + RESOURCE);
            }
            List<String[]> rows = Csv.parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            List<Wijk> wijken = new ArrayList<>();
            List<Buurt> buurten = new ArrayList<>();
            for (String[] r : rows.subList(1, rows.size())) {
                if (r.length < 8) {
                    continue;
                }
                if ("wijk".equals(r[0])) {
                    wijken.add(new Wijk(r[1], r[2]));
                } else if ("buurt".equals(r[0])) {
                    buurten.add(new Buurt(r[1], r[2], r[3], intOrNull(r[4]), intOrNull(r[5]),
                            Double.parseDouble(r[6]), Double.parseDouble(r[7])));
                }
            }
            wijken.sort((a, b) -> a.code().compareTo(b.code()));
            buurten.sort((a, b) -> a.code().compareTo(b.code()));
            return new AreaTable(wijken, buurten);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Integer intOrNull(String s) {
        return s == null || s.isBlank() ? null : Integer.valueOf(s.trim());
    }
}
