package nl.tweeling.harvest.ndw;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

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
 * NDW {@code trafficspeed} feed: DATEX II v2 {@code MeasuredDataPublication} (in a SOAP envelope or not),
 * stream-parsed with StAX, so the ~50 MB national document never sits in memory as a tree.
 *
 * <p>Each {@code siteMeasurements} names its site ({@code measurementSiteReference id}) and the time of its
 * values ({@code measurementTimeDefault}, UTC). Each {@code measuredValue index="n"} is one lane and vehicle
 * class as the site table defines it; it becomes datastream {@code ndw-<site>-<n>}: a {@code TrafficFlow}
 * value ({@code vehicleFlowRate}, vehicles per hour) as {@code traffic_count}, a {@code TrafficSpeed} value
 * ({@code averageVehicleSpeed/speed}, km/h) as {@code traffic_speed}. NDW marks "no value" with speed -1
 * (and {@code numberOfInputValuesUsed="0"}) or a negative flow: those are missing, not zero. Only the sites in
 * {@code sites} are read (a national feed has ~20,000; null reads them all). Thing {@code ndw-<site>} is at the
 * site's point from {@code locations} (read from the site table by {@link SiteTableReader}), or has no location.
 * The source offset is {@code position of the siteMeasurements * 1000 + index}. Thread-safe (state lives per call).
 */
public final class TrafficSpeedReader implements ObservationReader {

    private final Set<String> sites;
    private final Map<String, double[]> locations;

    /** @param sites measurementSiteReference ids to read, or null for every site */
    public TrafficSpeedReader(Set<String> sites) {
        this(sites, Map.of());
    }

    /**
     * @param sites     measurementSiteReference ids to read, or null for every site
     * @param locations site id → {lon, lat} (WGS84); sites not in it have no location
     */
    public TrafficSpeedReader(Set<String> sites, Map<String, double[]> locations) {
        this.sites = sites == null ? null : Set.copyOf(sites);
        this.locations = Map.copyOf(locations);
    }

    @Override
    public void read(InputStream body, ReadingSink sink) throws IOException, MalformedSourceException {
        Map<String, SourceStream> streams = new HashMap<>();
        boolean publication = false;
        long position = 0;
        try {
            XMLStreamReader x = Datex2.open(body);
            while (x.hasNext()) {
                if (x.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = x.getLocalName();
                if (name.equals("payloadPublication")) {
                    Datex2.publication(x, "MeasuredDataPublication");
                    publication = true;
                } else if (name.equals("siteMeasurements")) {
                    position++;
                    site(x, position, streams, sink);
                }
            }
        } catch (XMLStreamException e) {
            throw new MalformedSourceException("XML error at line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNumber())
                    + " after " + position + " siteMeasurements: " + e.getMessage().replaceAll("^ParseError at \\[[^]]*\\]\\s*Message:\\s*", ""));
        }
        if (!publication) {
            throw new MalformedSourceException("no DATEX II MeasuredDataPublication found");
        }
    }

    /** Reads one siteMeasurements element, leaving the reader at its end tag. */
    private void site(XMLStreamReader x, long position, Map<String, SourceStream> streams, ReadingSink sink)
            throws XMLStreamException {
        String site = null;
        Instant time = null;
        String timeText = null;
        int index = -1;
        String type = null;
        int depth = 1;
        while (depth > 0 && x.hasNext()) {
            int e = x.next();
            if (e == XMLStreamConstants.END_ELEMENT) {
                depth--;
                continue;
            }
            if (e != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            depth++;
            switch (x.getLocalName()) {
                case "measurementSiteReference" -> {
                    site = x.getAttributeValue(null, "id");
                    if (sites != null && !sites.contains(site)) {
                        skip(x, depth);
                        return;
                    }
                }
                case "measurementTimeDefault" -> {
                    timeText = x.getElementText().trim();
                    depth--;
                    try {
                        time = Instant.parse(timeText);
                    } catch (DateTimeParseException ex) {
                        time = null;
                    }
                }
                case "measuredValue" -> {
                    String i = x.getAttributeValue(null, "index");
                    if (i != null) {
                        try {
                            index = Integer.parseInt(i);
                        } catch (NumberFormatException ex) {
                            index = -1;
                        }
                    }
                }
                case "basicData" -> type = x.getAttributeValue("http://www.w3.org/2001/XMLSchema-instance", "type");
                case "vehicleFlowRate", "speed" -> {
                    String raw = x.getElementText().trim();
                    depth--;
                    boolean flow = x.getLocalName().equals("vehicleFlowRate");
                    long offset = position * 1000 + Math.max(index, 0);
                    if (site == null || time == null || index < 0) {
                        sink.rejected(offset, "siteMeasurements " + position + " (" + site + "): no site, index or valid"
                                + " measurementTimeDefault ('" + timeText + "')");
                        continue;
                    }
                    double value;
                    try {
                        value = Double.parseDouble(raw);
                    } catch (NumberFormatException ex) {
                        sink.rejected(offset, "site " + site + " index " + index + ": '" + raw + "' is not a number");
                        continue;
                    }
                    if (value < 0) {
                        sink.missing(offset);
                        continue;
                    }
                    String property = flow ? "traffic_count" : "traffic_speed";
                    String key = "ndw-" + site + "-" + index;
                    String s = site;
                    int n = index;
                    String t = type;
                    double[] at = locations.get(s);
                    SourceStream stream = streams.computeIfAbsent(key, k -> new SourceStream(k,
                            new SourceThing("ndw-" + s, "NDW site " + s, "NDW measurement site " + s,
                                    at == null ? null : at[0], at == null ? null : at[1]),
                            property, "NDW " + s + " value " + n + (flow ? " flow" : " speed"),
                            "NDW trafficspeed " + t + " measuredValue index " + n));
                    if (!stream.observedProperty().equals(property)) {
                        sink.rejected(offset, "site " + site + " index " + index + " changed from "
                                + stream.observedProperty() + " to " + property + " within one document");
                        continue;
                    }
                    sink.reading(new Reading(stream, time, value, offset));
                }
                default -> {
                }
            }
        }
    }

    private static void skip(XMLStreamReader x, int depth) throws XMLStreamException {
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
