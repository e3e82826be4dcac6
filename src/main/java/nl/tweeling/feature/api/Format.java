package nl.tweeling.feature.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import nl.tweeling.common.problem.TweelingException;

/**
 * The representations an OGC API resource can be served in, and the one rule that picks one for a request
 * (content negotiation). Pure Java: no Quarkus types, so every case is tested with plain JUnit.
 *
 * <p>The rule, as OGC API – Features Part 1 (clause 7.8) and pygeoapi/pg_featureserv apply it:
 * <ol>
 * <li>The {@code f} query parameter wins. {@code f=json} names the resource's JSON representation (for items
 * that is GeoJSON, for {@code /api} the OpenAPI document); {@code f=geojson} and {@code f=html} name theirs. A
 * value the resource does not offer is a 400 problem naming parameter {@code f}.</li>
 * <li>Otherwise the {@code Accept} header decides (RFC 9110 §12.5.1): each offered format gets the quality of
 * the most specific media range that matches it; the highest quality wins, ties go to the format offered
 * first. A range such as {@code application/json} also matches GeoJSON and the OpenAPI document, which are
 * JSON. So a browser ({@code text/html,…,*}{@code /*;q=0.8}) gets HTML, GDAL ({@code application/geo+json,
 * application/json}) gets GeoJSON, and {@code *}{@code /*} gets the first offered format.</li>
 * <li>No {@code Accept}, or one that cannot be parsed, means the first offered format; so does an empty
 * {@code f}.</li>
 * <li>An {@code Accept} that rules out every offered format is a 406 problem.</li>
 * </ol>
 * Thread-safe (stateless).
 */
public enum Format {

    /** Plain JSON: landing page, conformance, collections, queryables (with {@link #JSON_SCHEMA}). */
    JSON("json", "application/json"),
    /** GeoJSON: items and single features. */
    GEOJSON("geojson", "application/geo+json", "application/json"),
    /** JSON Schema: the queryables of a collection (OGC API – Features Part 3). */
    JSON_SCHEMA("json", "application/schema+json", "application/json"),
    /** The OpenAPI 3.0 document of {@code /api}. */
    OPENAPI("json", Format.OPENAPI_MEDIA_TYPE, "application/vnd.oai.openapi+json", "application/openapi+json",
            "application/json"),
    /** A MapLibre / Mapbox GL style (OGC API – Styles, conformance class mapbox-styles). */
    MAPBOX_STYLE("mapbox", "application/vnd.mapbox.style+json", "application/json"),
    /** HTML pages for people with a browser. */
    HTML("html", "text/html"),
    /** CSV with a header row (RFC 4180): sensor time series. */
    CSV("csv", "text/csv");

    /** The exact media type of the OpenAPI 3.0 document, as OGC API – Features names it and GDAL asks for it. */
    public static final String OPENAPI_MEDIA_TYPE = "application/vnd.oai.openapi+json;version=3.0";

    /** Name of the query parameter that picks a format. */
    public static final String PARAMETER = "f";

    private final String parameterValue;
    private final String mediaType;
    private final List<String> acceptedAs;

    Format(String parameterValue, String mediaType, String... alsoAcceptedAs) {
        this.parameterValue = parameterValue;
        this.mediaType = mediaType;
        List<String> all = new ArrayList<>();
        all.add(bare(mediaType));
        for (String other : alsoAcceptedAs) {
            all.add(bare(other));
        }
        this.acceptedAs = List.copyOf(all);
    }

    /** The {@code f} value that names this format ({@code json}, {@code geojson} or {@code html}). */
    public String parameterValue() {
        return parameterValue;
    }

    /** The media type to send as {@code Content-Type} (HTML without charset: add it where the body is written). */
    public String mediaType() {
        return mediaType;
    }

    /** The media type with {@code ;charset=UTF-8} for the text formats that need it (HTML). */
    public String contentType() {
        return this == HTML ? "text/html;charset=UTF-8" : this == CSV ? "text/csv;charset=UTF-8" : mediaType;
    }

    /**
     * Picks the representation for a request.
     *
     * @param f       the {@code f} query parameter, or null when absent
     * @param accept  the {@code Accept} header, or null when absent
     * @param offered the formats the resource can produce, the default (for {@code *}{@code /*} and no header)
     *                first; at least one
     * @return one of {@code offered}
     * @throws TweelingException 400 (parameter {@code f}) for an {@code f} value that names none of
     *                           {@code offered}; 406 when {@code accept} allows none of them
     */
    public static Format choose(String f, String accept, Format... offered) {
        if (offered == null || offered.length == 0) {
            throw new IllegalArgumentException("offer at least one format");
        }
        if (f != null && !f.isBlank()) {
            return byParameter(f, offered);
        }
        return byAccept(accept, offered);
    }

    private static Format byParameter(String f, Format[] offered) {
        String value = f.strip().toLowerCase(Locale.ROOT);
        for (Format o : offered) {
            if (o.parameterValue.equals(value)) {
                return o;
            }
        }
        // f=json where only GeoJSON (or OpenAPI) is offered names that JSON representation; f=geojson where
        // plain JSON is offered is accepted likewise, as GeoJSON is JSON
        if (value.equals("json") || value.equals("geojson")) {
            for (Format o : offered) {
                if (o != HTML && o != CSV) {
                    return o;
                }
            }
        }
        StringJoiner allowed = new StringJoiner(", ");
        for (Format o : offered) {
            allowed.add(o.parameterValue);
        }
        throw TweelingException.badParameter(PARAMETER, "Parameter f must be one of " + allowed
                + " for this resource; it was '" + shorten(f) + "'.");
    }

    private static Format byAccept(String accept, Format[] offered) {
        if (accept == null || accept.isBlank()) {
            return offered[0];
        }
        List<Range> ranges = Range.parseAll(accept);
        if (ranges.isEmpty()) {
            return offered[0];
        }
        Format best = null;
        double bestQ = 0;
        int bestSpecificity = -1;
        for (Format o : offered) {
            Range match = o.bestMatch(ranges);
            if (match == null || match.q <= 0) {
                continue;
            }
            if (match.q > bestQ || (match.q == bestQ && match.specificity > bestSpecificity)) {
                best = o;
                bestQ = match.q;
                bestSpecificity = match.specificity;
            }
        }
        if (best == null) {
            StringJoiner types = new StringJoiner(", ");
            for (Format o : offered) {
                types.add(o.mediaType);
            }
            throw new TweelingException(406, "Not acceptable", "This resource is available as " + types
                    + "; the Accept header allows none of them. Use the f parameter or another Accept header.",
                    null, null);
        }
        return best;
    }

    /** The most specific range that matches this format; with equal specificity the higher quality. */
    private Range bestMatch(List<Range> ranges) {
        Range best = null;
        for (Range r : ranges) {
            int s = specificity(r);
            if (s < 0) {
                continue;
            }
            if (best == null || s > best.specificity || (s == best.specificity && r.q > best.q)) {
                best = new Range(r.type, r.subtype, r.q, s);
            }
        }
        return best;
    }

    /**
     * How specifically a range names this format: 3 its own media type, 2 a type it is also accepted as
     * (application/json for GeoJSON), 1 {@code type/*}, 0 {@code *}{@code /*}; -1 no match.
     */
    private int specificity(Range r) {
        if (r.type.equals("*")) {
            return r.subtype.equals("*") ? 0 : -1;
        }
        String own = acceptedAs.get(0);
        if (r.subtype.equals("*")) {
            return own.startsWith(r.type + "/") ? 1 : -1;
        }
        String full = r.type + "/" + r.subtype;
        if (full.equals(own)) {
            return 3;
        }
        return acceptedAs.contains(full) ? 2 : -1;
    }

    private static String bare(String mediaType) {
        int semi = mediaType.indexOf(';');
        return (semi < 0 ? mediaType : mediaType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    private static String shorten(String value) {
        String v = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }

    /** One media range of an Accept header. */
    private record Range(String type, String subtype, double q, int specificity) {

        /** The well-formed ranges of a header; malformed ones are skipped, as a lenient server does. */
        static List<Range> parseAll(String header) {
            List<Range> out = new ArrayList<>();
            for (String part : header.split(",")) {
                String[] pieces = part.split(";");
                String range = pieces[0].strip().toLowerCase(Locale.ROOT);
                int slash = range.indexOf('/');
                if (slash <= 0 || slash == range.length() - 1) {
                    continue;
                }
                String type = range.substring(0, slash).strip();
                String subtype = range.substring(slash + 1).strip();
                if (type.equals("*") && !subtype.equals("*")) {
                    continue;
                }
                double q = 1;
                boolean valid = true;
                for (int i = 1; i < pieces.length; i++) {
                    String p = pieces[i].strip();
                    if (p.length() > 2 && (p.startsWith("q=") || p.startsWith("Q="))) {
                        try {
                            q = Double.parseDouble(p.substring(2).strip());
                        } catch (NumberFormatException e) {
                            valid = false;
                        }
                        if (q < 0 || q > 1 || Double.isNaN(q)) {
                            valid = false;
                        }
                    }
                }
                if (valid) {
                    out.add(new Range(type, subtype, q, -1));
                }
            }
            return out;
        }
    }
}
