package nl.tweeling.push;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import nl.tweeling.common.problem.TweelingException;

/**
 * The validated filters of {@code GET /observations/stream}: an event passes when it matches each given
 * filter (within one filter, any of its values). Plain Java.
 *
 * @param datastreams       datastream ids, or empty for all
 * @param observedProperties observed property keys, or empty for all
 * @param bbox              min lon, min lat, max lon, max lat (CRS84), or null for anywhere
 */
public record StreamQuery(Set<Long> datastreams, Set<String> observedProperties, double[] bbox) {

    /** The query parameters a stream takes. */
    static final Set<String> PARAMETERS = Set.of("datastream", "observedProperty", "bbox");

    private static final int MAX_VALUES = 100;

    /**
     * Reads the query parameters; {@code datastreamId} resolves a datastream key or id to its id (null when
     * there is no such datastream).
     *
     * @throws TweelingException 400 for an unknown parameter, an unknown datastream or a malformed value
     */
    public static StreamQuery parse(Map<String, List<String>> params, Function<String, Long> datastreamId) {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw TweelingException.badParameter(name, "Unknown parameter " + printable(name)
                        + "; a stream takes datastream, observedProperty and bbox.");
            }
        }
        Set<Long> datastreams = new LinkedHashSet<>();
        for (String key : values(params, "datastream")) {
            Long id = datastreamId.apply(key);
            if (id == null) {
                throw TweelingException.badParameter("datastream", "No datastream " + printable(key) + ".");
            }
            datastreams.add(id);
        }
        Set<String> properties = new LinkedHashSet<>(values(params, "observedProperty"));
        double[] bbox = null;
        List<String> box = params.get("bbox");
        if (box != null) {
            if (box.size() != 1) {
                throw TweelingException.badParameter("bbox", "Give bbox once.");
            }
            bbox = bbox(box.get(0));
        }
        return new StreamQuery(Set.copyOf(datastreams), Set.copyOf(properties), bbox);
    }

    /** True when the observation passes every filter. */
    public boolean matches(CommittedObservation o) {
        return (datastreams.isEmpty() || datastreams.contains(o.datastreamId()))
                && (observedProperties.isEmpty() || observedProperties.contains(o.observedProperty()))
                && (bbox == null || o.within(bbox));
    }

    /** Comma-separated values of a parameter given once or more; none: empty. */
    private static List<String> values(Map<String, List<String>> params, String name) {
        List<String> given = params.get(name);
        if (given == null) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        for (String g : given) {
            for (String v : g.split(",", -1)) {
                String t = v.trim();
                if (t.isEmpty() || t.length() > 200) {
                    throw TweelingException.badParameter(name, "Each value of " + name
                            + " is a non-empty key of at most 200 characters, separated by commas.");
                }
                out.add(t);
            }
        }
        if (out.size() > MAX_VALUES) {
            throw TweelingException.badParameter(name, "At most " + MAX_VALUES + " values of " + name + ".");
        }
        return out;
    }

    private static double[] bbox(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4) {
            throw TweelingException.badParameter("bbox", "bbox is four numbers: min longitude, min latitude,"
                    + " max longitude, max latitude (CRS84), e.g. 6.0,52.4,6.2,52.6.");
        }
        double[] b = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                b[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw TweelingException.badParameter("bbox", "bbox value " + printable(parts[i]) + " is not a number.");
            }
            if (!Double.isFinite(b[i])) {
                throw TweelingException.badParameter("bbox", "bbox values are finite numbers.");
            }
        }
        if (b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90 || b[0] > b[2] || b[1] > b[3]) {
            throw TweelingException.badParameter("bbox", "bbox must lie within -180,-90,180,90 with its minimum"
                    + " below its maximum (longitude first).");
        }
        return b;
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
