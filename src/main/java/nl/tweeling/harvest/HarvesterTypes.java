package nl.tweeling.harvest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import nl.tweeling.harvest.knmi.KnmiDailyReader;

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

    public static final List<String> ALL = List.of(KNMI_DAILY);

    /**
     * The source of an observation harvester.
     *
     * @throws IllegalArgumentException with a message fit for a 400 when the type or an option is wrong
     */
    public HarvestSource source(HarvesterDefinition h) {
        Options o = new Options(h.options());
        return switch (h.type()) {
            case KNMI_DAILY -> {
                Map<String, double[]> locations = new HashMap<>();
                Map<String, String> names = new HashMap<>();
                for (Map.Entry<String, Map<String, Object>> e : o.objects("stations").entrySet()) {
                    Options s = new Options(e.getValue());
                    s.string("name").ifPresent(n -> names.put(e.getKey(), n));
                    if (s.number("lon").isPresent() || s.number("lat").isPresent()) {
                        locations.put(e.getKey(), new double[] {s.required("lon"), s.required("lat")});
                    }
                }
                yield new DocumentSource(new KnmiDailyReader(locations, names), "text/plain, */*");
            }
            default -> throw new IllegalArgumentException("unknown harvester type '" + h.type() + "'; known: " + ALL);
        };
    }
}
