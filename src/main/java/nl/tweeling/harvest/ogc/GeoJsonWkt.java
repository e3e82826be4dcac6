package nl.tweeling.harvest.ogc;

import com.fasterxml.jackson.databind.JsonNode;

import nl.tweeling.harvest.HarvestException;

/** GeoJSON geometry → WKT (2D; a third ordinate is dropped). Pure and thread-safe. */
final class GeoJsonWkt {

    private GeoJsonWkt() {
    }

    static String wkt(JsonNode g) {
        if (g == null || g.isNull()) {
            throw new HarvestException("a feature has no geometry; Tweeling layers need one");
        }
        String type = g.path("type").asText();
        JsonNode c = g.path("coordinates");
        StringBuilder sb = new StringBuilder();
        switch (type) {
            case "Point" -> point(sb.append("POINT("), c).append(')');
            case "LineString" -> line(sb.append("LINESTRING"), c);
            case "Polygon" -> polygon(sb.append("POLYGON"), c);
            case "MultiPoint" -> {
                sb.append("MULTIPOINT(");
                for (int i = 0; i < c.size(); i++) {
                    point(sb.append(i == 0 ? "(" : ",("), c.get(i)).append(')');
                }
                sb.append(')');
            }
            case "MultiLineString" -> {
                sb.append("MULTILINESTRING(");
                for (int i = 0; i < c.size(); i++) {
                    line(sb.append(i == 0 ? "" : ","), c.get(i));
                }
                sb.append(')');
            }
            case "MultiPolygon" -> {
                sb.append("MULTIPOLYGON(");
                for (int i = 0; i < c.size(); i++) {
                    polygon(sb.append(i == 0 ? "" : ","), c.get(i));
                }
                sb.append(')');
            }
            default -> throw new HarvestException("geometry type '" + type + "' is not supported");
        }
        return sb.toString();
    }

    private static StringBuilder point(StringBuilder sb, JsonNode p) {
        if (p.size() < 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
            throw new HarvestException("a position is not [x, y]: " + p);
        }
        return sb.append(p.get(0).asText()).append(' ').append(p.get(1).asText());
    }

    private static void line(StringBuilder sb, JsonNode ps) {
        sb.append('(');
        for (int i = 0; i < ps.size(); i++) {
            point(sb.append(i == 0 ? "" : ","), ps.get(i));
        }
        sb.append(')');
    }

    private static void polygon(StringBuilder sb, JsonNode rings) {
        sb.append('(');
        for (int i = 0; i < rings.size(); i++) {
            line(sb.append(i == 0 ? "" : ","), rings.get(i));
        }
        sb.append(')');
    }
}
