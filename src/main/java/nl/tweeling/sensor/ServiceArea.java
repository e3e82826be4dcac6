package nl.tweeling.sensor;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.platform.TweelingConfig;

/**
 * The area sensors are expected in, and the decision for a location a client sends: the extent of a layer
 * (the municipality's districts, {@code tweeling.sensors.service-area.layer}) widened by a buffer. A location
 * outside it (a placeholder point, swapped axes, a sensor of another city) is either stored and flagged, or
 * refused, per {@code tweeling.sensors.service-area.policy}. Distances are great-circle distances on a sphere
 * of the Earth's mean radius from the location's envelope to the area's; at these scales within 0.5 % of the
 * geodesic. Thread-safe.
 */
@ApplicationScoped
public class ServiceArea {

    /** What a write does with a location outside the service area. */
    public enum Policy {
        FLAG, REJECT;

        static Policy of(String name) {
            return switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "flag" -> FLAG;
                case "reject" -> REJECT;
                default -> throw new IllegalStateException(
                        "tweeling.sensors.service-area.policy must be flag or reject, not " + name);
            };
        }
    }

    /**
     * The decision for one location.
     *
     * @param inside    true when the location lies in the service area (or none is known)
     * @param distanceM how far outside the widened area it lies, in metres (0 when inside)
     * @param message   a sentence for the client: where it lies and what was done, or null when inside
     */
    public record Decision(boolean inside, double distanceM, String message) {
    }

    private static final double EARTH_RADIUS_M = 6_371_008.8;

    @Inject
    LayerRegistry registry;

    @Inject
    TweelingConfig config;

    /** The policy in force. */
    public Policy policy() {
        return Policy.of(config.sensors().serviceArea().policy());
    }

    /**
     * Decides on a location given in CRS84 (lon, lat). Under {@code reject}, a location outside is a 422 problem
     * that says where it lies; under {@code flag} the decision's message says it was stored and flagged.
     */
    public Decision check(Geometry crs84) {
        var area = config.sensors().serviceArea();
        double[] extent = registry.find(area.layer()).map(l -> l.extent()).orElse(null);
        Decision d = decide(extent, area.bufferM(), policy(), crs84.getEnvelopeInternal(), area.layer());
        if (!d.inside() && policy() == Policy.REJECT) {
            throw new TweelingException(422, "Location outside the service area", d.message(), null, null);
        }
        return d;
    }

    /**
     * The decision for a location's CRS84 envelope against the area {@code extent} ({minLon, minLat, maxLon,
     * maxLat}, or null when unknown: then everything is inside) widened by {@code bufferM} metres.
     */
    static Decision decide(double[] extent, double bufferM, Policy policy, Envelope location, String layer) {
        if (extent == null) {
            return new Decision(true, 0, null);
        }
        // nearest points of the two boxes, per axis (0 where they overlap)
        double lon1 = clamp(location.centre().x, extent[0], extent[2]);
        double lat1 = clamp(location.centre().y, extent[1], extent[3]);
        double lon2 = clamp(lon1, location.getMinX(), location.getMaxX());
        double lat2 = clamp(lat1, location.getMinY(), location.getMaxY());
        double distance = greatCircle(lon1, lat1, lon2, lat2);
        if (distance <= bufferM) {
            return new Decision(true, 0, null);
        }
        double outside = distance - bufferM;
        String where = String.format(Locale.ROOT, "The location (%.5f, %.5f as lon, lat in CRS84) lies %s outside the"
                + " service area (the extent of layer '%s' widened by %.0f m)", location.centre().x,
                location.centre().y, kilometres(outside), layer, bufferM);
        String what = policy == Policy.REJECT
                ? ": nothing was stored. Check the coordinates (longitude first, CRS84), or ask an administrator to"
                        + " widen tweeling.sensors.service-area."
                : ": it was stored, flagged as outside the service area (serviceArea: outside), and counts in no"
                        + " area's aggregates. Check the coordinates (longitude first, CRS84) and correct them with PATCH.";
        return new Decision(false, outside, where + what);
    }

    private static String kilometres(double metres) {
        return metres < 10_000 ? String.format(Locale.ROOT, "%.1f km", metres / 1000)
                : String.format(Locale.ROOT, "%,.0f km", metres / 1000);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Haversine distance in metres between two CRS84 positions. */
    static double greatCircle(double lon1, double lat1, double lon2, double lat2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
