package nl.tweeling.sample.generator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Buurt and wijk polygons. The buurten are the Voronoi cells of the real buurt centroids,
 * clipped to the sample extent and rounded to 1 cm; neighbouring cells share identical
 * vertices, so they tile the extent without gaps or overlaps. Each wijk is the union of its
 * buurten, so the wijken tile the extent too. Maps are ordered by code.
 */
public final class Tiling {
    private final Map<String, MultiPolygon> buurten;
    private final Map<String, MultiPolygon> wijken;

    private Tiling(Map<String, MultiPolygon> buurten, Map<String, MultiPolygon> wijken) {
        this.buurten = buurten;
        this.wijken = wijken;
    }

    public Map<String, MultiPolygon> buurten() {
        return buurten;
    }

    public Map<String, MultiPolygon> wijken() {
        return wijken;
    }

    public static Tiling build(AreaTable areas) {
        List<Coordinate> sites = new ArrayList<>();
        Map<String, String> codeBySite = new LinkedHashMap<>();
        for (AreaTable.Buurt b : areas.buurten()) {
            if (!Geo.inExtent(b.x(), b.y())) {
                throw new IllegalStateException("centroid of buurt " + b.code() + " outside the extent");
            }
            Coordinate c = new Coordinate(b.x(), b.y());
            if (codeBySite.put(key(c), b.code()) != null) {
                throw new IllegalStateException("duplicate centroid " + c);
            }
            sites.add(c);
        }
        VoronoiDiagramBuilder vb = new VoronoiDiagramBuilder();
        vb.setSites(sites);
        vb.setClipEnvelope(Geo.extentEnvelope());
        Geometry diagram = vb.getDiagram(Geo.GF);
        Geometry extent = Geo.extentPolygon();
        Map<String, Geometry> raw = new LinkedHashMap<>();
        for (int i = 0; i < diagram.getNumGeometries(); i++) {
            Geometry cell = diagram.getGeometryN(i);
            Coordinate site = (Coordinate) cell.getUserData();
            String code = codeBySite.get(key(site));
            Geometry clipped = extent.contains(cell) ? cell : Geo.intersection(cell, extent);
            raw.put(code, clipped);
        }
        Map<String, MultiPolygon> buurten = new LinkedHashMap<>();
        for (AreaTable.Buurt b : areas.buurten()) {
            Geometry cell = raw.get(b.code());
            if (cell == null) {
                throw new IllegalStateException("no cell for buurt " + b.code());
            }
            Geometry r = Geo.roundSimple(cell);
            if (!r.isValid()) {
                throw new IllegalStateException("invalid cell after rounding for buurt " + b.code());
            }
            buurten.put(b.code(), Geo.toMultiPolygon(r));
        }
        Map<String, MultiPolygon> wijken = new LinkedHashMap<>();
        for (AreaTable.Wijk w : areas.wijken()) {
            List<Geometry> parts = new ArrayList<>();
            for (AreaTable.Buurt b : areas.buurten()) {
                if (b.wijkCode().equals(w.code())) {
                    parts.add(buurten.get(b.code()));
                }
            }
            if (parts.isEmpty()) {
                throw new IllegalStateException("wijk without buurten: " + w.code());
            }
            Geometry u = Geo.union(parts);
            // union of cm-rounded polygons with shared vertices keeps the vertices on the grid
            wijken.put(w.code(), Geo.toMultiPolygon(Geo.roundSimple(Geo.toMultiPolygon(u))));
        }
        return new Tiling(buurten, wijken);
    }

    private static String key(Coordinate c) {
        return Math.round(c.x) + ":" + Math.round(c.y);
    }
}
