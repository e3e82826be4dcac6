package nl.tweeling.harvest;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import nl.tweeling.harvest.knmi.KnmiDailyReader;
import nl.tweeling.harvest.ndw.TrafficSpeedSource;
import nl.tweeling.harvest.rivm.LmlReader;
import nl.tweeling.harvest.rws.WaterinfoReader;

/**
 * The harvester types and their options: builds the source of a {@link HarvesterDefinition} and checks its
 * options (a bad definition is refused when it is registered, not when it first runs).
 */
@ApplicationScoped
public class HarvesterTypes {

    public static final String KNMI_DAILY = "knmi-daily";
    public static final String RWS_WATERINFO = "rws-waterinfo";
    public static final String RIVM_LML = "rivm-lml";
    public static final String NDW_TRAFFICSPEED = "ndw-trafficspeed";
    public static final String SENSORTHINGS = "sensorthings";
    public static final String OGCAPI_FEATURES = "ogcapi-features";

    public static final List<String> ALL = List.of(KNMI_DAILY, RWS_WATERINFO, RIVM_LML, NDW_TRAFFICSPEED, SENSORTHINGS, OGCAPI_FEATURES);

    /**
     * The source of an observation harvester.
     *
     * @throws IllegalArgumentException with a message fit for a 400 when the type or an option is wrong
     */
    public HarvestSource source(HarvesterDefinition h) {
        Options o = new Options(h.options());
        return switch (h.type()) {
            case KNMI_DAILY -> {
                Map<String, String> names = new HashMap<>();
                for (Map.Entry<String, Map<String, Object>> e : o.objects("stations").entrySet()) {
                    new Options(e.getValue()).string("name").ifPresent(n -> names.put(e.getKey(), n));
                }
                yield new DocumentSource(new KnmiDailyReader(locations(o), names), "text/plain, */*");
            }
            case RWS_WATERINFO -> new DocumentSource(new WaterinfoReader(o.string("location").orElse(null),
                    o.number("lon").orElse(null), o.number("lat").orElse(null), o.flag("forecasts", false)),
                    "application/json");
            case RIVM_LML -> {
                ZoneId zone;
                try {
                    zone = ZoneId.of(o.string("zone").orElse("Europe/Amsterdam"));
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException("option zone '" + o.string("zone").orElse("") + "' is not a time zone id");
                }
                yield new DocumentSource(new LmlReader(zone, o.string("component").orElse(null), locations(o)),
                        "application/xml, text/xml");
            }
            case NDW_TRAFFICSPEED -> {
                List<String> sites = o.strings("sites");
                boolean all = o.flag("all", false);
                if (sites.isEmpty() && !all) {
                    throw new IllegalArgumentException("option sites (measurementSiteReference ids) is required,"
                            + " or all: true to read every site of the national feed");
                }
                String siteTable = o.string("siteTable").orElse(null);
                if (siteTable != null) {
                    try {
                        HttpFetcher.checked(siteTable);
                    } catch (HarvestException e) {
                        throw new IllegalArgumentException("option siteTable: " + e.getMessage());
                    }
                }
                yield new TrafficSpeedSource(all ? null : new HashSet<>(sites), siteTable);
            }
            case SENSORTHINGS -> new nl.tweeling.harvest.sta.SensorThingsSource(o.stringMap("observedProperties"),
                    o.string("observedProperty").orElse(null), o.number("maxPages").map(Double::intValue).orElse(1000));
            default -> throw new IllegalArgumentException("unknown harvester type '" + h.type() + "'; known: " + ALL);
        };
    }

    /** Checks a definition as far as possible without fetching; throws IllegalArgumentException saying what is wrong. */
    public void check(HarvesterDefinition h) {
        if (!ALL.contains(h.type())) {
            throw new IllegalArgumentException("unknown harvester type '" + h.type() + "'; known: " + ALL);
        }
        HttpFetcher.checked(h.url());
        if (h.type().equals(OGCAPI_FEATURES)) {
            Options o = new Options(h.options());
            o.string("collection").orElseThrow(() -> new IllegalArgumentException("option collection is required"));
            o.string("layer").orElseThrow(() -> new IllegalArgumentException("option layer (a Tweeling layer id) is required"));
            o.stringMap("properties");
            o.string("idProperty");
        } else {
            source(h);
        }
    }

    /** Option {@code stations}: code → {lon, lat, name}. */
    private static Map<String, double[]> locations(Options o) {
        Map<String, double[]> out = new HashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : o.objects("stations").entrySet()) {
            Options s = new Options(e.getValue());
            if (s.number("lon").isPresent() || s.number("lat").isPresent()) {
                out.put(e.getKey(), new double[] {s.required("lon"), s.required("lat")});
            }
        }
        return out;
    }
}
