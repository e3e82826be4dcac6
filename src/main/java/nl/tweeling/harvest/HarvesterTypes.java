package nl.tweeling.harvest;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.harvest.knmi.KnmiDailyReader;
import nl.tweeling.harvest.ndw.TrafficSpeedSource;
import nl.tweeling.harvest.rivm.LmlReader;
import nl.tweeling.harvest.rws.WaterinfoReader;
import nl.tweeling.platform.outbound.Outbound;
import nl.tweeling.platform.outbound.OutboundException;

/**
 * The harvester types and their options: builds the source of a {@link HarvesterDefinition} and checks its
 * options (a bad definition is refused when it is registered, not when it first runs).
 */
@ApplicationScoped
public class HarvesterTypes {

    @Inject
    Outbound outbound;

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

    /**
     * Checks a definition as far as possible without fetching or resolving: type, options, credentials, and its
     * URLs' form under the outbound policy (a literal address that is refused, a metadata host name). Throws
     * IllegalArgumentException saying what is wrong ({@link RefusedUrlException} for a refused URL).
     */
    public void check(HarvesterDefinition h) {
        if (!ALL.contains(h.type())) {
            throw new IllegalArgumentException("unknown harvester type '" + h.type() + "'; known: " + ALL);
        }
        HttpFetcher.checked(h.url());
        HarvestCredentials.check(h);
        policyCheck(h, false);
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

    /** The URLs a harvester fetches from its definition, by parameter name ({@code url}, {@code options.siteTable}). */
    static Map<String, String> urls(HarvesterDefinition h) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("url", h.url());
        if (NDW_TRAFFICSPEED.equals(h.type())) {
            new Options(h.options()).string("siteTable").ifPresent(u -> out.put("options.siteTable", u));
        }
        return out;
    }

    /**
     * Checks the harvester's URLs under the outbound policy: their form always, their hosts' addresses too when
     * {@code resolve} (registration through the API; the configuration file is not resolved at startup, and every
     * fetch is checked anyway). Throws {@link RefusedUrlException} naming the parameter.
     */
    public void policyCheck(HarvesterDefinition h, boolean resolve) {
        for (Map.Entry<String, String> e : urls(h).entrySet()) {
            try {
                java.net.URI uri = outbound.policy().checkUrl(e.getValue());
                if (resolve) {
                    outbound.policy().check(uri);
                }
            } catch (OutboundException x) {
                throw new RefusedUrlException(e.getKey(), x.getMessage());
            }
        }
    }

    /**
     * The harvester type that reads this file, when it is one of the feed files the readers know (KNMI daily
     * station data, Rijkswaterstaat waterinfo JSON, RIVM LML XML, NDW DATEX II XML, gzip or not); looks at the
     * file's head only. For imports that GDAL cannot read: they say which harvester to start instead.
     */
    public static Optional<String> recognise(java.nio.file.Path file) {
        return FeedFiles.recognise(file);
    }

    /** What an import of a file that {@code type} reads says instead of "GDAL cannot read". */
    public static String notALayer(String fileName, String type) {
        String what = switch (type) {
            case KNMI_DAILY -> "a KNMI daily station data file";
            case RWS_WATERINFO -> "a Rijkswaterstaat waterinfo file";
            case RIVM_LML -> "a RIVM LML air quality file";
            case NDW_TRAFFICSPEED -> "an NDW DATEX II traffic file";
            default -> "a " + type + " file";
        };
        return fileName + " is " + what + " (observations, not features of a layer), which the " + type
                + " harvester reads: register one with POST /harvesters {\"id\": ..., \"type\": \"" + type
                + "\", \"url\": <where the file is published>, \"every\": ..., \"options\": ...} or"
                + " ./tweeling harvest add FILE.json, then run it (POST /harvesters/{id}/run, ./tweeling harvest run ID);"
                + " see docs/harvest.md.";
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
