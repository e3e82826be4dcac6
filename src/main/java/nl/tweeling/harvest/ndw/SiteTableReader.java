package nl.tweeling.harvest.ndw;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import nl.tweeling.harvest.MalformedSourceException;

/**
 * NDW measurement site table: DATEX II v2 {@code MeasurementSiteTablePublication} (in a SOAP envelope or not),
 * stream-parsed with StAX like {@link TrafficSpeedReader} (the national table is large).
 *
 * <p>Gives each {@code measurementSiteRecord id} its point from {@code measurementSiteLocation}: the
 * {@code pointByCoordinates/pointCoordinates} latitude and longitude (WGS84), or else the
 * {@code locationForDisplay} ones. Coordinates elsewhere in the location (the start and end of a linear
 * location) are not a site point. A record without a point has no location; a coordinate that is not a number,
 * out of range or without its partner makes the table malformed. Only the sites in {@code sites} are kept
 * (null keeps all). Thread-safe (state lives per call).
 */
public final class SiteTableReader {

    private static final List<String> POINT = List.of("measurementSiteLocation", "pointByCoordinates", "pointCoordinates");
    private static final List<String> DISPLAY = List.of("measurementSiteLocation", "locationForDisplay");

    private final Set<String> sites;

    /** @param sites measurementSiteRecord ids to keep, or null for every site */
    public SiteTableReader(Set<String> sites) {
        this.sites = sites == null ? null : Set.copyOf(sites);
    }

    /**
     * Reads the whole table.
     *
     * @return site id → {lon, lat} (WGS84) of the kept sites that have a point
     * @throws MalformedSourceException when the document is not a measurement site table or a point is broken
     */
    public Map<String, double[]> read(InputStream body) throws IOException, MalformedSourceException {
        Map<String, double[]> out = new HashMap<>();
        boolean publication = false;
        long records = 0;
        try {
            XMLStreamReader x = Datex2.open(body);
            while (x.hasNext()) {
                if (x.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = x.getLocalName();
                if (name.equals("payloadPublication")) {
                    Datex2.publication(x, "MeasurementSiteTablePublication");
                    publication = true;
                } else if (name.equals("measurementSiteRecord")) {
                    records++;
                    String id = x.getAttributeValue(null, "id");
                    if (id == null || id.isBlank()) {
                        throw new MalformedSourceException("measurementSiteRecord " + records + " has no id");
                    }
                    if (sites != null && !sites.contains(id)) {
                        skip(x);
                        continue;
                    }
                    double[] point = record(x, id);
                    if (point != null) {
                        out.put(id, point);
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw new MalformedSourceException("XML error at line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNumber())
                    + " after " + records + " measurementSiteRecords: "
                    + e.getMessage().replaceAll("^ParseError at \\[[^]]*\\]\\s*Message:\\s*", ""));
        }
        if (!publication) {
            throw new MalformedSourceException("no DATEX II MeasurementSiteTablePublication found");
        }
        return out;
    }

    /** Reads one measurementSiteRecord, leaving the reader at its end tag; its {lon, lat} or null. */
    private static double[] record(XMLStreamReader x, String id) throws XMLStreamException, MalformedSourceException {
        List<String> path = new ArrayList<>();
        Double[] point = new Double[2];
        Double[] display = new Double[2];
        while (x.hasNext()) {
            int e = x.next();
            if (e == XMLStreamConstants.END_ELEMENT) {
                if (path.isEmpty()) {
                    break;
                }
                path.remove(path.size() - 1);
                continue;
            }
            if (e != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String name = x.getLocalName();
            boolean lat = name.equals("latitude");
            if (lat || name.equals("longitude")) {
                Double[] target = path.equals(POINT) ? point : path.equals(DISPLAY) ? display : null;
                String raw = x.getElementText().trim();
                if (target != null) {
                    target[lat ? 1 : 0] = coordinate(id, name, raw, lat ? 90 : 180);
                }
                continue;
            }
            path.add(name);
        }
        double[] p = complete(id, point, "pointByCoordinates");
        return p != null ? p : complete(id, display, "locationForDisplay");
    }

    private static double coordinate(String id, String name, String raw, double limit) throws MalformedSourceException {
        double v;
        try {
            v = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new MalformedSourceException("measurementSiteRecord " + id + ": " + name + " '" + raw + "' is not a number");
        }
        if (!(Math.abs(v) <= limit)) {
            throw new MalformedSourceException("measurementSiteRecord " + id + ": " + name + " " + raw + " is out of range");
        }
        return v;
    }

    /** {lon, lat}, null when neither is given. */
    private static double[] complete(String id, Double[] lonLat, String where) throws MalformedSourceException {
        if (lonLat[0] == null && lonLat[1] == null) {
            return null;
        }
        if (lonLat[0] == null || lonLat[1] == null) {
            throw new MalformedSourceException("measurementSiteRecord " + id + ": " + where + " has "
                    + (lonLat[0] == null ? "a latitude but no longitude" : "a longitude but no latitude"));
        }
        return new double[] {lonLat[0], lonLat[1]};
    }

    /** Skips the rest of the element the reader is at the start of. */
    private static void skip(XMLStreamReader x) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && x.hasNext()) {
            int e = x.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }
}
