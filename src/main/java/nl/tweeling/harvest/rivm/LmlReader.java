package nl.tweeling.harvest.rivm;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import nl.tweeling.harvest.MalformedSourceException;
import nl.tweeling.harvest.ObservationReader;
import nl.tweeling.harvest.Reading;
import nl.tweeling.harvest.ReadingSink;
import nl.tweeling.harvest.SourceStream;
import nl.tweeling.harvest.SourceThing;

/**
 * RIVM Landelijk Meetnet Luchtkwaliteit (LML) hourly measurements, in either of its two XML exports:
 * <ul>
 * <li>{@code <message><body><meting>} with {@code datum} (dd/MM/yyyy), {@code tijd} (hour 1-24),
 * {@code station}, {@code component}, {@code eenheid}, {@code waarde};</li>
 * <li>the {@code <ROWSET><ROW>} export of one component ({@code STAT_NUMMER}, {@code STAT_NAAM},
 * {@code MWAA_WAARDE}, {@code MWAA_BEGINDATUMTIJD}/{@code MWAA_EINDDATUMTIJD} as yyyyMMddHHmmss); the component
 * is not in the rows, so it is a reader argument.</li>
 * </ul>
 *
 * <p>Time: local clock times without offset, in {@code zone} (Europe/Amsterdam). {@code tijd} labels the hour
 * by its end: the same hour is exported as {@code tijd 08} and as BEGIN 07:00:00 / END 08:00:00 (file
 * 2014070708, both exports). An hourly mean is stored at the start of its hour, converted to UTC: tijd 08 on
 * 07/07/2014 (CEST) is 2014-07-07T05:00:00Z. Daylight saving follows {@link LocalHours}: an hour starting in the
 * March gap is rejected, an hour starting in the October overlap is summer time the first time a station and
 * component have it and winter time the second time.
 *
 * <p>Components PM10, PM2.5 (PM25), NO2, NO, O3, NH3, SO2 and CO map to the observed properties of the same
 * name in µg/m3; a value in another unit or of another component is rejected. The values -998 and -999 are LML's
 * "no value" markers (the NO2 ROWSET of 2014070708 has three): missing, not written. Each station becomes thing
 * {@code rivm-<station>} (lower case) with datastream {@code rivm-<station>-<component>}. The source offset is
 * the record's position in the document (1-based). Thread-safe (state lives per call).
 */
public final class LmlReader implements ObservationReader {

    private static final Map<String, String> COMPONENTS = Map.of(
            "PM10", "PM10", "PM25", "PM2.5", "PM2.5", "PM2.5", "NO2", "NO2", "NO", "NO",
            "O3", "O3", "NH3", "NH3", "SO2", "SO2", "CO", "CO");
    /** LML's "no value" markers. */
    private static final double MISSING_998 = -998;
    private static final double MISSING_999 = -999;
    private static final DateTimeFormatter DATUM = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private final ZoneId zone;
    private final String rowsetComponent;
    private final Map<String, double[]> locations;

    /**
     * @param zone            the zone of the local times (Europe/Amsterdam)
     * @param rowsetComponent the component of a ROWSET export (e.g. NO2), or null
     * @param locations       station code → {lon, lat}; may be empty
     */
    public LmlReader(ZoneId zone, String rowsetComponent, Map<String, double[]> locations) {
        this.zone = zone;
        this.rowsetComponent = rowsetComponent;
        this.locations = Map.copyOf(locations);
    }

    @Override
    public void read(InputStream body, ReadingSink sink) throws IOException, MalformedSourceException {
        LocalHours hours = new LocalHours(zone);
        Map<String, SourceStream> streams = new HashMap<>();
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        long position = 0;
        try {
            XMLStreamReader x = f.createXMLStreamReader(body);
            x.nextTag();
            String root = x.getLocalName();
            if (!root.equals("message") && !root.equals("ROWSET")) {
                throw new MalformedSourceException("root element <" + root + ">: expected <message> or <ROWSET> (RIVM LML)");
            }
            if (root.equals("ROWSET") && rowsetComponent == null) {
                throw new MalformedSourceException("a ROWSET export does not name its component; set the harvester option component");
            }
            String record = root.equals("message") ? "meting" : "ROW";
            while (x.hasNext()) {
                if (x.next() == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals(record)) {
                    position++;
                    Map<String, String> fields = fields(x, record);
                    if (record.equals("meting")) {
                        meting(fields, position, hours, streams, sink);
                    } else {
                        row(fields, position, hours, streams, sink);
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw new MalformedSourceException("XML error at line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNumber())
                    + ": " + e.getMessage().replaceAll("^ParseError at \\[[^]]*\\]\\s*Message:\\s*", ""));
        }
    }

    private void meting(Map<String, String> m, long position, LocalHours hours, Map<String, SourceStream> streams, ReadingSink sink) {
        String station = m.getOrDefault("station", "");
        String component = m.getOrDefault("component", "").toUpperCase(Locale.ROOT);
        LocalDate date;
        int tijd;
        try {
            date = LocalDate.parse(m.getOrDefault("datum", ""), DATUM);
            tijd = Integer.parseInt(m.getOrDefault("tijd", ""));
        } catch (DateTimeParseException | NumberFormatException e) {
            sink.rejected(position, "meting " + position + ": datum '" + m.get("datum") + "' tijd '" + m.get("tijd")
                    + "' is not dd/MM/yyyy and an hour 1-24");
            return;
        }
        if (tijd < 1 || tijd > 24) {
            sink.rejected(position, "meting " + position + ": tijd " + tijd + " is not an hour 1-24 (the hour ending then)");
            return;
        }
        LocalDateTime start = date.atStartOfDay().plusHours(tijd - 1L);
        emit(station, null, component, m.getOrDefault("eenheid", ""), m.get("waarde"), start, position, hours, streams, sink);
    }

    private void row(Map<String, String> r, long position, LocalHours hours, Map<String, SourceStream> streams, ReadingSink sink) {
        LocalDateTime start;
        try {
            start = LocalDateTime.parse(r.getOrDefault("MWAA_BEGINDATUMTIJD", ""), STAMP);
        } catch (DateTimeParseException e) {
            sink.rejected(position, "row " + position + ": MWAA_BEGINDATUMTIJD '" + r.get("MWAA_BEGINDATUMTIJD") + "' is not yyyyMMddHHmmss");
            return;
        }
        emit(r.getOrDefault("STAT_NUMMER", ""), r.get("STAT_NAAM"), rowsetComponent.toUpperCase(Locale.ROOT), "ug/m3",
                r.get("MWAA_WAARDE"), start, position, hours, streams, sink);
    }

    private void emit(String station, String stationName, String component, String unit, String raw, LocalDateTime start,
            long position, LocalHours hours, Map<String, SourceStream> streams, ReadingSink sink) {
        String property = COMPONENTS.get(component);
        if (station.isEmpty()) {
            sink.rejected(position, "record " + position + " has no station");
            return;
        }
        if (property == null) {
            sink.rejected(position, "record " + position + ": component '" + component + "' is not one Tweeling knows " + COMPONENTS.keySet());
            return;
        }
        if (!unit.equals("ug/m3") && !unit.equals("µg/m3")) {
            sink.rejected(position, "record " + position + ": unit '" + unit + "', expected ug/m3");
            return;
        }
        if (raw == null || raw.isBlank()) {
            sink.missing(position);
            return;
        }
        double value;
        try {
            value = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            sink.rejected(position, "record " + position + ": value '" + raw + "' is not a number");
            return;
        }
        if (value == MISSING_998 || value == MISSING_999) {
            sink.missing(position);
            return;
        }
        String key = "rivm-" + station.toLowerCase(Locale.ROOT) + "-" + property.toLowerCase(Locale.ROOT);
        Instant at = hours.resolve(start, key);
        if (at == null) {
            sink.rejected(position, "record " + position + " (" + station + " " + component + "): " + hours.why(start));
            return;
        }
        SourceStream stream = streams.computeIfAbsent(key, k -> {
            double[] ll = locations.get(station);
            SourceThing thing = new SourceThing("rivm-" + station.toLowerCase(Locale.ROOT),
                    "RIVM LML " + station + (stationName == null ? "" : " " + stationName),
                    "Landelijk Meetnet Luchtkwaliteit station " + station, ll == null ? null : ll[0], ll == null ? null : ll[1]);
            return new SourceStream(k, thing, property, thing.name() + " " + property,
                    "RIVM LML hourly mean " + property + ", stored at the start of the hour");
        });
        sink.reading(new Reading(stream, at, value, position));
    }

    /** The text of each child element of the current record element, by name. */
    private static Map<String, String> fields(XMLStreamReader x, String record) throws XMLStreamException {
        Map<String, String> out = new HashMap<>();
        while (x.hasNext()) {
            int e = x.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                String name = x.getLocalName();
                out.put(name, x.getElementText().trim());
            } else if (e == XMLStreamConstants.END_ELEMENT && x.getLocalName().equals(record)) {
                return out;
            }
        }
        return out;
    }
}
