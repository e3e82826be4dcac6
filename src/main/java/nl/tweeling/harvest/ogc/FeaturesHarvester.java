package nl.tweeling.harvest.ogc;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.common.sql.Transactions;
import nl.tweeling.feature.FeatureVersionRepository;
import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.harvest.HarvestException;
import nl.tweeling.harvest.HarvesterDefinition;
import nl.tweeling.harvest.HarvestCredentials;
import nl.tweeling.harvest.HttpFetcher;
import nl.tweeling.platform.outbound.OutboundClient;
import nl.tweeling.platform.outbound.Urls;
import nl.tweeling.harvest.Options;

/**
 * Harvests a remote OGC API - Features collection (the PDOK style) into an existing Tweeling layer, as a full
 * snapshot with history ({@link FeatureVersionRepository}: unchanged features untouched, changed ones versioned,
 * vanished ones ended). Pages are followed through their {@code next} links; every page is fetched before
 * anything is written, and the load is one transaction, so a failing page leaves the layer as it was.
 *
 * <p>Items are asked for in EPSG:28992 ({@code crs=http://www.opengis.net/def/crs/EPSG/0/28992}); a server that
 * answers without {@code Content-Crs} 28992 is taken to send CRS84 (the OGC API default) and its geometries are
 * transformed by PostGIS. Options: {@code collection}, {@code layer}, {@code idProperty} (default: the feature
 * {@code id}), {@code properties} (layer column → source property; default: the layer's columns by their own
 * names), {@code limit} (page size, default 1000).
 */
@ApplicationScoped
public class FeaturesHarvester {

    static final String RD = "http://www.opengis.net/def/crs/EPSG/0/28992";

    @Inject
    LayerRegistry layers;

    @Inject
    FeatureVersionRepository versions;

    @Inject
    jakarta.enterprise.event.Event<nl.tweeling.feature.LayerChanged> changes;

    @Inject
    DataSource dataSource;

    private final ObjectMapper json = new ObjectMapper();

    /** Runs one harvest; returns the counts for the job. */
    public Map<String, Object> harvest(HarvesterDefinition h, UUID run, HttpFetcher fetcher, int maxPages,
            BiConsumer<Integer, String> progress) throws SQLException {
        Options o = new Options(h.options());
        String collection = o.string("collection").orElseThrow(() -> new HarvestException("option collection is missing"));
        String layerId = o.string("layer").orElseThrow(() -> new HarvestException("option layer is missing"));
        Layer layer = layers.find(layerId).orElseThrow(() -> new HarvestException("layer " + layerId
                + " does not exist in Tweeling; create it (./tweeling import) before harvesting into it"));
        Map<String, String> mapping = new LinkedHashMap<>(o.stringMap("properties"));
        Set<String> writable = new LinkedHashSet<>();
        for (Layer.Column c : layer.columns()) {
            if (!Set.of("valid_from", "valid_to", "source", "source_run", "source_id", "fetched_at", "ingested_at").contains(c.name())) {
                writable.add(c.name());
            }
        }
        if (mapping.isEmpty()) {
            writable.forEach(c -> mapping.put(c, c));
        }
        for (String column : mapping.keySet()) {
            if (!writable.contains(column)) {
                throw new HarvestException("layer " + layerId + " has no column " + column + " (option properties)");
            }
        }
        String idProperty = o.string("idProperty").orElse(null);
        int limit = o.number("limit").map(Double::intValue).orElse(1000);

        String root = h.url().replaceAll("/+$", "");
        OutboundClient.Secret secret = HarvestCredentials.secret(h);
        String url = root + "/collections/" + URLEncoder.encode(collection, StandardCharsets.UTF_8)
                + "/items?limit=" + limit + "&crs=" + URLEncoder.encode(RD, StandardCharsets.UTF_8);
        List<String[]> rows = new ArrayList<>();
        List<String> geometries = new ArrayList<>();
        boolean crs84 = false;
        int pages = 0;
        Set<String> seen = new LinkedHashSet<>();
        while (url != null) {
            if (++pages > maxPages) {
                throw new HarvestException("more than " + maxPages + " pages at " + Urls.redact(root) + "; raise tweeling.harvest.max-pages");
            }
            HttpFetcher.Fetched f = fetcher.get(url, "application/geo+json, application/json", secret);
            JsonNode page = parse(f);
            if (!page.path("features").isArray()) {
                throw new HarvestException(Urls.redact(url) + " is malformed: no 'features' array (not a GeoJSON FeatureCollection)");
            }
            boolean pageCrs84 = !f.contentCrs().contains("28992");
            if (pages > 1 && pageCrs84 != crs84) {
                throw new HarvestException(Urls.redact(url) + " answers in another CRS than the first page");
            }
            crs84 = pageCrs84;
            for (JsonNode feature : page.path("features")) {
                JsonNode idNode = idProperty == null ? feature.get("id") : feature.path("properties").get(idProperty);
                if (idNode == null || idNode.isNull() || idNode.asText().isEmpty()) {
                    throw new HarvestException(Urls.redact(url) + ": a feature has no " + (idProperty == null ? "id" : idProperty)
                            + "; set option idProperty to a property that identifies features");
                }
                String id = idNode.asText();
                if (!seen.add(id)) {
                    throw new HarvestException(Urls.redact(url) + ": feature id " + id + " occurs twice in the collection");
                }
                String[] row = new String[mapping.size()];
                int i = 0;
                for (String property : mapping.values()) {
                    JsonNode v = feature.path("properties").get(property);
                    row[i++] = v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
                }
                rows.add(prepend(id, row));
                geometries.add(GeoJsonWkt.wkt(feature.get("geometry")));
            }
            url = next(page, url);
            progress.accept(Math.min(60, 5 + pages), "fetched " + pages + " pages, " + rows.size() + " features");
        }

        List<String> header = new ArrayList<>();
        header.add("feature_id");
        header.addAll(mapping.keySet());
        header.add("wkt");
        FeatureVersionRepository.LoadCounts counts;
        List<double[]> changed = new ArrayList<>();
        Instant at = Instant.now();
        boolean toTransform = crs84;
        try (Connection c = dataSource.getConnection()) {
            counts = Transactions.inTransaction(c, tx -> {
                List<String> wkt = toTransform ? toRd(tx, geometries) : geometries;
                StringBuilder csv = new StringBuilder();
                for (int r = 0; r < rows.size(); r++) {
                    for (String v : rows.get(r)) {
                        field(csv, v).append(',');
                    }
                    field(csv, wkt.get(r)).append('\n');
                }
                progress.accept(70, "loading " + rows.size() + " features into " + layerId);
                FeatureVersionRepository.LoadCounts loaded = versions.load(tx, layer, header,
                        new StringReader(csv.toString()), h.source(), run, at);
                layers.refreshStatistics(tx, layerId);
                if (loaded.inserted() + loaded.updated() + loaded.ended() > 0) {
                    changed.addAll(versions.changedBoxes(tx, nl.tweeling.common.sql.Identifiers.qualified(
                            layer.tableSchema(), layer.tableName()), at));
                }
                return loaded;
            });
        }
        layers.invalidate();
        if (!changed.isEmpty()) {
            changes.fire(new nl.tweeling.feature.LayerChanged(layerId, changed));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("layer", layerId);
        out.put("pages", pages);
        out.put("fetched", rows.size());
        out.put("inserted", counts.inserted());
        out.put("updated", counts.updated());
        out.put("unchanged", counts.unchanged());
        out.put("ended", counts.ended());
        out.put("transformedFromCrs84", crs84);
        return out;
    }

    private static String[] prepend(String id, String[] row) {
        String[] out = new String[row.length + 1];
        out[0] = id;
        System.arraycopy(row, 0, out, 1, row.length);
        return out;
    }

    /** CRS84 WKT to EPSG:28992 WKT, in one statement. */
    private static List<String> toRd(Connection c, List<String> wkt) throws SQLException {
        List<String> out = new ArrayList<>(wkt.size());
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("harvest/transform_crs84_to_rd.sql"))) {
            Array a = c.createArrayOf("text", wkt.toArray());
            ps.setArray(1, a);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The href of the {@code next} link, resolved against the page URL, or null. */
    static String next(JsonNode page, String pageUrl) {
        for (JsonNode link : page.path("links")) {
            if ("next".equals(link.path("rel").asText())) {
                String href = link.path("href").asText();
                String type = link.path("type").asText("");
                if (!href.isEmpty() && (type.isEmpty() || type.contains("json"))) {
                    return URI.create(pageUrl).resolve(href).toString();
                }
            }
        }
        return null;
    }

    private JsonNode parse(HttpFetcher.Fetched f) {
        try (InputStream in = f.open()) {
            JsonNode n = json.readTree(in);
            if (n == null) {
                throw new HarvestException(f.url() + " is malformed: empty body");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new HarvestException(f.url() + " is malformed: not JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new HarvestException(f.url() + " cannot be read: " + e.getMessage());
        }
    }

    private static StringBuilder field(StringBuilder sb, String v) {
        if (v != null) {
            sb.append('"').append(v.replace("\"", "\"\"")).append('"');
        }
        return sb;
    }
}
