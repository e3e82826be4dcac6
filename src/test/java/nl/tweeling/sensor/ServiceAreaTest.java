package nl.tweeling.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

import nl.tweeling.sensor.ServiceArea.Decision;
import nl.tweeling.sensor.ServiceArea.Policy;

/** The service-area decision, on Zwolle's extent, without a database. */
class ServiceAreaTest {

    /** Roughly the extent of Zwolle's districts (CRS84). */
    static final double[] ZWOLLE = {6.02, 52.45, 6.20, 52.58};

    static Envelope point(double lon, double lat) {
        return new Envelope(lon, lon, lat, lat);
    }

    @Test
    void aPointInTheCityOrWithinTheBufferIsInside() {
        assertTrue(ServiceArea.decide(ZWOLLE, 5000, Policy.FLAG, point(6.09, 52.51), "wijken").inside());
        // 0.05° east of the extent at 52.5° N is about 3.4 km: inside a 5 km buffer, outside a 1 km one
        assertTrue(ServiceArea.decide(ZWOLLE, 5000, Policy.FLAG, point(6.25, 52.50), "wijken").inside());
        Decision d = ServiceArea.decide(ZWOLLE, 1000, Policy.FLAG, point(6.25, 52.50), "wijken");
        assertFalse(d.inside());
        assertEquals(3390 - 1000, d.distanceM(), 30);
    }

    @Test
    void theGeonovumPlaceholderInCanadaIsFarOutsideAndTheMessageSaysWhatWasDone() {
        Decision flag = ServiceArea.decide(ZWOLLE, 5000, Policy.FLAG, point(-114.06, 51.05), "wijken");
        assertFalse(flag.inside());
        // Calgary to Zwolle: about 7,300 km great-circle
        assertEquals(7_300_000, flag.distanceM(), 150_000);
        assertTrue(flag.message().contains("(-114.06000, 51.05000 as lon, lat in CRS84)"), flag.message());
        assertTrue(flag.message().contains("stored, flagged as outside the service area"), flag.message());
        Decision reject = ServiceArea.decide(ZWOLLE, 5000, Policy.REJECT, point(-114.06, 51.05), "wijken");
        assertTrue(reject.message().contains("nothing was stored"), reject.message());
    }

    @Test
    void swappedAxesAreOutside() {
        // lat, lon given as lon, lat: (52.51, 6.09) lies off the coast of Somalia
        assertFalse(ServiceArea.decide(ZWOLLE, 5000, Policy.FLAG, point(52.51, 6.09), "wijken").inside());
    }

    @Test
    void anAreaOverlappingTheCityIsInsideAndWithoutKnownAreaEverythingIs() {
        assertTrue(ServiceArea.decide(ZWOLLE, 0, Policy.REJECT, new Envelope(5.0, 6.05, 52.0, 52.5), "wijken").inside());
        Decision none = ServiceArea.decide(null, 0, Policy.REJECT, point(-114.06, 51.05), "wijken");
        assertTrue(none.inside());
        assertNull(none.message());
    }

    @Test
    void greatCircleMatchesAKnownDistance() {
        // one degree of latitude on the mean sphere: 111.195 km
        assertEquals(111_195, ServiceArea.greatCircle(6, 52, 6, 53), 1);
    }
}
