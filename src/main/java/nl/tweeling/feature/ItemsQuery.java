package nl.tweeling.feature;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import nl.tweeling.common.problem.TweelingException;

/**
 * A validated request for a page of items. Built only through {@link #parse}, which rejects every malformed
 * parameter with a 400 naming it, before any SQL runs.
 *
 * @param limit items per page
 * @param bbox  {minLon, minLat, maxLon, maxLat} in CRS84, or null
 * @param after keyset cursor: return features whose internal key is greater than this, or null for page 1
 */
public record ItemsQuery(int limit, double[] bbox, Long after) {

    private static final String CURSOR_PREFIX = "fid:";

    public static ItemsQuery parse(String limit, String bbox, String cursor, int defaultLimit, int maxLimit) {
        return new ItemsQuery(parseLimit(limit, defaultLimit, maxLimit), parseBbox(bbox), parseCursor(cursor));
    }

    static int parseLimit(String raw, int defaultLimit, int maxLimit) {
        if (raw == null || raw.isBlank()) {
            return defaultLimit;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n < 1 || n > maxLimit) {
                throw TweelingException.badParameter("limit", "limit must be between 1 and " + maxLimit + ".");
            }
            return n;
        } catch (NumberFormatException e) {
            throw TweelingException.badParameter("limit", "limit must be a whole number between 1 and " + maxLimit + ".");
        }
    }

    static double[] parseBbox(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String[] parts = raw.split(",", -1);
        if (parts.length != 4 && parts.length != 6) {
            throw TweelingException.badParameter("bbox", "bbox takes 4 or 6 comma-separated numbers: minLon,minLat,maxLon,maxLat.");
        }
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw TweelingException.badParameter("bbox", "bbox value " + (i + 1) + " is not a number.");
            }
            if (!Double.isFinite(v[i])) {
                throw TweelingException.badParameter("bbox", "bbox value " + (i + 1) + " is not a finite number.");
            }
        }
        // 6 numbers: minx, miny, minz, maxx, maxy, maxz; heights are ignored
        double[] box = parts.length == 4 ? v : new double[] {v[0], v[1], v[3], v[4]};
        if (box[1] > box[3]) {
            throw TweelingException.badParameter("bbox", "bbox minimum latitude is above its maximum.");
        }
        if (box[1] < -90 || box[3] > 90) {
            throw TweelingException.badParameter("bbox", "bbox latitudes must lie between -90 and 90.");
        }
        if (box[0] > box[2]) {
            throw TweelingException.badParameter("bbox",
                    "bbox minimum longitude is above its maximum (boxes across the antimeridian are not supported).");
        }
        return box;
    }

    static Long parseCursor(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(raw.strip()), StandardCharsets.UTF_8);
            if (!text.startsWith(CURSOR_PREFIX)) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(text.substring(CURSOR_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw TweelingException.badParameter("cursor", "cursor is not one this server handed out; follow the next link.");
        }
    }

    /** The opaque cursor that continues after the feature with this internal key. */
    public static String cursorAfter(long fid) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + fid).getBytes(StandardCharsets.UTF_8));
    }
}
