package nl.tweeling.harvest.knmi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.tweeling.harvest.MalformedSourceException;
import nl.tweeling.harvest.ObservationReader;
import nl.tweeling.harvest.Reading;
import nl.tweeling.harvest.ReadingSink;
import nl.tweeling.harvest.SourceStream;
import nl.tweeling.harvest.SourceThing;

/**
 * KNMI daily station data ({@code etmgeg_NNN.txt}, the "daggegevens" download): Latin-1 text, a legend
 * ({@code TG = Etmaalgemiddelde temperatuur (in 0.1 graden Celsius) / ...}), a header line
 * {@code # STN,YYYYMMDD,DDVEC,...} and one comma-separated line per station and day, blank where missing.
 *
 * <p>Mapped columns: TG (daily mean), TN (minimum) and TX (maximum temperature) to {@code air_temperature}
 * in °C, RH (daily precipitation) to {@code precipitation} in mm. The scale of each comes from the file's own
 * legend ("in 0.1 graden Celsius", "in 0.1 mm"); a file whose legend does not give the expected unit is
 * refused rather than misread. RH = -1 means "less than 0.05 mm" and is stored as 0.0 mm.
 *
 * <p>Time: a KNMI day (etmaal) runs from 00 to 24 UT (the legend's hour divisions are UT). A daily value is
 * stored at the start of its interval, {@code YYYY-MM-DDT00:00:00Z}; the observation model keeps one instant.
 * The source offset is the date as the number YYYYMMDD. Each station becomes thing {@code knmi-STN} with one
 * datastream per column ({@code knmi-278-tg}). Thread-safe.
 */
public final class KnmiDailyReader implements ObservationReader {

    /** A mapped column: its observed property, the legend unit it must have and how to scale. */
    private record Column(String code, String property, String unitWord, String label) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("TG", "air_temperature", "graden Celsius", "daily mean air temperature"),
            new Column("TN", "air_temperature", "graden Celsius", "daily minimum air temperature"),
            new Column("TX", "air_temperature", "graden Celsius", "daily maximum air temperature"),
            new Column("RH", "precipitation", "mm", "daily precipitation amount"));

    private static final Pattern LEGEND = Pattern.compile("^([A-Z0-9]+)\\s*=.*?\\(in (0\\.1 )?([^)]+)\\)");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final Map<String, double[]> locations;
    private final Map<String, String> names;

    /**
     * @param locations station number → {lon, lat} (the daily file does not carry coordinates); may be empty
     * @param names     station number → name, e.g. {@code 278 → Heino}; may be empty
     */
    public KnmiDailyReader(Map<String, double[]> locations, Map<String, String> names) {
        this.locations = Map.copyOf(locations);
        this.names = Map.copyOf(names);
    }

    @Override
    public void read(InputStream body, ReadingSink sink) throws IOException, MalformedSourceException {
        BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.ISO_8859_1));
        Map<String, Double> scale = new HashMap<>();
        int[] index = null;
        int stnIndex = -1;
        int dateIndex = -1;
        Map<String, SourceStream> streams = new HashMap<>();
        String line;
        long lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (index == null) {
                Matcher m = LEGEND.matcher(line);
                if (m.find()) {
                    Column c = column(m.group(1));
                    if (c != null) {
                        if (!m.group(3).trim().equals(c.unitWord())) {
                            throw new MalformedSourceException("line " + lineNo + ": the legend gives " + c.code()
                                    + " in '" + m.group(3).trim() + "', expected '" + c.unitWord() + "'");
                        }
                        scale.put(c.code(), m.group(2) != null ? 0.1 : 1.0);
                    }
                    continue;
                }
                if (line.startsWith("# STN,")) {
                    List<String> header = new ArrayList<>();
                    for (String h : line.substring(1).split(",")) {
                        header.add(h.trim().toUpperCase(Locale.ROOT));
                    }
                    stnIndex = header.indexOf("STN");
                    dateIndex = header.indexOf("YYYYMMDD");
                    if (dateIndex < 0) {
                        throw new MalformedSourceException("line " + lineNo + ": the header has no YYYYMMDD column");
                    }
                    index = new int[COLUMNS.size()];
                    for (int i = 0; i < COLUMNS.size(); i++) {
                        index[i] = header.indexOf(COLUMNS.get(i).code());
                        if (index[i] >= 0 && !scale.containsKey(COLUMNS.get(i).code())) {
                            throw new MalformedSourceException("line " + lineNo + ": column " + COLUMNS.get(i).code()
                                    + " has no unit in the file's legend; cannot tell its scale");
                        }
                    }
                }
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length <= Math.max(stnIndex, dateIndex)) {
                sink.rejected(lineNo, "line " + lineNo + ": " + f.length + " fields, fewer than the header names");
                continue;
            }
            String stn = f[stnIndex].trim();
            LocalDate day;
            long offset;
            try {
                day = LocalDate.parse(f[dateIndex].trim(), DAY);
                offset = Long.parseLong(f[dateIndex].trim());
            } catch (DateTimeParseException | NumberFormatException e) {
                sink.rejected(lineNo, "line " + lineNo + ": date '" + f[dateIndex].trim() + "' is not YYYYMMDD");
                continue;
            }
            var start = day.atStartOfDay().toInstant(ZoneOffset.UTC);
            for (int i = 0; i < COLUMNS.size(); i++) {
                Column c = COLUMNS.get(i);
                if (index[i] < 0) {
                    continue;
                }
                String raw = index[i] < f.length ? f[index[i]].trim() : "";
                if (raw.isEmpty()) {
                    sink.missing(offset);
                    continue;
                }
                long value;
                try {
                    value = Long.parseLong(raw);
                } catch (NumberFormatException e) {
                    sink.rejected(offset, "line " + lineNo + ": " + c.code() + " '" + raw + "' is not a whole number");
                    continue;
                }
                if (c.code().equals("RH") && value == -1) {
                    value = 0; // -1: less than 0.05 mm
                }
                SourceStream stream = streams.computeIfAbsent(stn + "/" + c.code(), k -> stream(stn, c));
                sink.reading(new Reading(stream, start, round(value * scale.get(c.code())), offset));
            }
        }
        if (index == null) {
            throw new MalformedSourceException("no '# STN,YYYYMMDD,...' header line: not a KNMI daily station file");
        }
    }

    private SourceStream stream(String stn, Column c) {
        String name = names.getOrDefault(stn, "station " + stn);
        double[] at = locations.get(stn);
        SourceThing thing = new SourceThing("knmi-" + stn, "KNMI " + name + " (" + stn + ")",
                "KNMI automatic weather station " + stn, at == null ? null : at[0], at == null ? null : at[1]);
        return new SourceStream("knmi-" + stn + "-" + c.code().toLowerCase(Locale.ROOT), thing, c.property(),
                "KNMI " + name + " " + c.label(), "KNMI daily " + c.code() + " (" + c.label() + "), day 00-24 UT, at 00:00 UT");
    }

    private static Column column(String code) {
        for (Column c : COLUMNS) {
            if (c.code().equals(code)) {
                return c;
            }
        }
        return null;
    }

    /** Tenths stay exact in decimal: 21.3, not 21.300000000000001. */
    static double round(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
