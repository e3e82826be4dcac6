package nl.tweeling.feature.edit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import nl.tweeling.common.geo.CrsChoice;
import nl.tweeling.common.problem.TweelingException;

/**
 * The HTTP semantics of editing, shared by every resource that edits features (the baseline's
 * {@code /collections/{c}/items…} and a scenario's): entity tags, {@code If-Match} (RFC 9110, section 13.1.1)
 * and {@code Content-Crs}. Plain Java.
 *
 * <p>Entity tags are strong and made from the feature's current {@link Version}: {@code "<token>"} for the
 * feature's default representation (GeoJSON in CRS84 with every property, as a caller who sees every property
 * gets it), {@code "<token>.<variant>"} for any other (another CRS or format, selected properties, a caller who
 * sees fewer properties), so two different representations never share a tag. {@code If-Match} compares the
 * version part: a tag of any representation of the current version matches; a weak tag never does.
 */
public final class EditHttp {

    private EditHttp() {
    }

    /**
     * A parsed {@code If-Match} header.
     *
     * @param any  {@code *}: any current version
     * @param tags the opaque parts of the strong tags listed (weak ones are dropped: they never match)
     */
    public record IfMatch(boolean any, List<String> tags) {
    }

    /**
     * Parses {@code If-Match}; a missing header is a 428 (Part 4 with optimistic locking: every replace, update
     * and delete must name the version it changes), a malformed one a 400.
     */
    public static IfMatch ifMatch(String header) {
        if (header == null || header.isBlank()) {
            throw new TweelingException(428, "Precondition required", "Send If-Match with the ETag of the feature's"
                    + " current version (from GET of the feature or the response of your last write), or If-Match: *"
                    + " to change whatever version is current.", "If-Match", null);
        }
        String h = header.strip();
        if (h.equals("*")) {
            return new IfMatch(true, List.of());
        }
        List<String> tags = new ArrayList<>();
        int i = 0;
        while (i < h.length()) {
            char ch = h.charAt(i);
            if (ch == ',' || ch == ' ' || ch == '\t') {
                i++;
                continue;
            }
            boolean weak = h.startsWith("W/", i);
            int open = weak ? i + 2 : i;
            int close = open < h.length() && h.charAt(open) == '"' ? h.indexOf('"', open + 1) : -1;
            if (close < 0) {
                throw TweelingException.badParameter("If-Match", "If-Match must be * or a list of entity tags in"
                        + " double quotes, as the ETag header gave them (e.g. If-Match: \"1a-2b\").");
            }
            if (!weak) {
                tags.add(h.substring(open + 1, close));
            }
            i = close + 1;
        }
        return new IfMatch(false, List.copyOf(tags));
    }

    /** 412 unless {@code ifMatch} matches {@code current}. */
    public static void check(IfMatch ifMatch, Version current) {
        if (ifMatch == null || ifMatch.any()) {
            return;
        }
        for (String tag : ifMatch.tags()) {
            int dot = tag.indexOf('.');
            if ((dot < 0 ? tag : tag.substring(0, dot)).equals(current.token())) {
                return;
            }
        }
        throw new TweelingException(412, "Precondition failed", "Feature " + current.featureId() + " has changed since"
                + " the version If-Match names: its current ETag is " + etag(current, null) + ". Read it again (GET),"
                + " apply your change to it and send it with that ETag.", "If-Match", null);
    }

    /** The strong entity tag (with quotes) of {@code v}'s representation {@code variant} (null: the default). */
    public static String etag(Version v, String variant) {
        return "\"" + v.token() + (variant == null ? "" : "." + variant) + "\"";
    }

    /**
     * The variant part of a representation's tag: null for the default one, else a short digest of what makes
     * it differ ({@code parts}: format, CRS, selected properties, the properties the caller sees, …).
     */
    public static String variant(boolean isDefault, String... parts) {
        if (isDefault) {
            return null;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(String.join("\u001f", parts)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The CRS of a request body's geometry from {@code Content-Crs} ({@code <uri>}, as OGC API – Features Part 2
     * writes it, or the bare URI): CRS84 when absent; one of the CRSs the API serves, else a 400.
     */
    public static CrsChoice contentCrs(String header) {
        if (header == null || header.isBlank()) {
            return CrsChoice.CRS84;
        }
        String v = header.strip();
        if (v.startsWith("<") && v.endsWith(">")) {
            v = v.substring(1, v.length() - 1).strip();
        }
        return CrsChoice.parse("Content-Crs", v);
    }
}
