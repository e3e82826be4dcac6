package nl.tweeling.sample.generator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.linearref.LengthIndexedLine;
import org.locationtech.jts.operation.linemerge.LineMerger;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;

/**
 * The flood defences of the sample, where Zwolle's would be: the IJssel's winter dikes on both banks, a dike
 * ring around the Zwarte Water, and a regional dike ("Kanaaldijk", along the line of the Zwolle–IJssel canal
 * from the Zwarte Water to the IJssel at Katerveer) that splits the city behind the dikes into two
 * compartments (Westenholte/Stadshagen to the north-west, the centre and the rest to the south-east).
 *
 * <p>Each dike is cut into sections of about {@link #SECTION_LENGTH} m with their own crest level (m above
 * NAP), seeded: IJssel dikes 7.0–7.8 m on the city side with one low section of 6.2 m, 6.8–7.4 m on the far
 * bank; the Zwarte Water ring 5.7–6.3 m with one low section of 5.4 m; the Kanaaldijk 5.2 m. So at 5 m every
 * dike holds and only the floodplains flood; from 5.4 m water comes over the Zwarte Water's low section, from
 * 6.2 m over the IJssel's; a breach at 5 m floods one compartment, not both.
 */
final class Dikes {
    static final double IJSSEL_OFFSET = 190, ZWARTE_WATER_OFFSET = 55, SECTION_LENGTH = 1200;

    /** One dike section. */
    record Dike(String name, String section, String kind, double crestM, Geometry geom) {
    }

    private Dikes() {
    }

    static List<Dike> build(Terrain terrain, long seed) {
        SplittableRandom r = Rng.of(seed, 0xD1CEL);
        Polygon ext = Geo.extentPolygon();
        Geometry ijsselZone = terrain.ijssel.buffer(IJSSEL_OFFSET, 8);
        Geometry zwarteZone = terrain.zwarteWater.buffer(ZWARTE_WATER_OFFSET, 8);
        List<LineString> ijsselBanks = pieces(((Polygon) ijsselZone).getExteriorRing(), ext);
        // the city side of the IJssel (north-east bank) has the larger x + y
        ijsselBanks.sort(Comparator.comparingDouble((LineString l) -> {
            Coordinate c = l.getCentroid().getCoordinate();
            return -(c.x + c.y);
        }));
        List<Dike> out = new ArrayList<>();
        sections(out, ijsselBanks.get(0), "IJsseldijk Zwolle", "IJZ", "primary", 7.0, 7.8, 6.2, r);
        for (int i = 1; i < ijsselBanks.size(); i++) {
            sections(out, ijsselBanks.get(i), "IJsseldijk Hattem", i == 1 ? "IJH" : "IJH" + i, "primary", 6.8, 7.4,
                    Double.NaN, r);
        }
        List<LineString> zwarte = pieces(((Polygon) zwarteZone).getExteriorRing(), ext);
        for (int i = 0; i < zwarte.size(); i++) {
            sections(out, zwarte.get(i), "Zwarte Waterdijk", i == 0 ? "ZW" : "ZW" + i, "primary", 5.7, 6.3,
                    i == 0 ? 5.4 : Double.NaN, r);
        }
        // the Kanaaldijk: from the Zwarte Water's southern end to the IJssel at Katerveer, between the two rings
        Coordinate start = terrain.zwarteWater.getCoordinateN(0);
        Coordinate katerveer = org.locationtech.jts.operation.distance.DistanceOp.nearestPoints(terrain.ijssel,
                Geo.point(201_000, 501_450))[0];
        LineString canal = Geo.line(start, katerveer);
        Geometry between = Geo.difference(Geo.difference(canal, zwarteZone), ijsselZone);
        for (LineString l : Geo.lines(between)) {
            out.add(new Dike("Kanaaldijk", "KD-01", "regional", 5.2, Geo.roundLines(l)));
        }
        return out;
    }

    /** The parts of a dike ring inside the extent, merged into as few lines as possible. */
    private static List<LineString> pieces(LineString ring, Polygon ext) {
        Geometry inside = Geo.intersection(ring, ext);
        LineMerger m = new LineMerger();
        m.add(inside);
        @SuppressWarnings("unchecked")
        Collection<LineString> merged = m.getMergedLineStrings();
        List<LineString> out = new ArrayList<>();
        for (LineString l : merged) {
            if (l.getLength() > 100) {
                out.add((LineString) DouglasPeuckerSimplifier.simplify(l, 0.5));
            }
        }
        out.sort(Comparator.comparingDouble(LineString::getLength).reversed());
        return out;
    }

    /** Cuts a line into sections of about SECTION_LENGTH with seeded crests in [lo, hi]; one may be lower. */
    private static void sections(List<Dike> out, LineString line, String name, String code, String kind, double lo,
                                 double hi, double low, SplittableRandom r) {
        int n = Math.max(1, (int) Math.round(line.getLength() / SECTION_LENGTH));
        int lowAt = Double.isNaN(low) ? -1 : Rng.between(r, n / 4, Math.max(n / 4, (3 * n) / 4 - 1));
        LengthIndexedLine idx = new LengthIndexedLine(line);
        for (int i = 0; i < n; i++) {
            Geometry part = idx.extractLine(line.getLength() * i / n, line.getLength() * (i + 1) / n);
            double crest = i == lowAt ? low : Math.round(Rng.uniform(r, lo, hi) * 20) / 20.0;
            out.add(new Dike(name, String.format(java.util.Locale.ROOT, "%s-%02d", code, i + 1), kind, crest,
                    Geo.roundLines(part)));
        }
    }
}
