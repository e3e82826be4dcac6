package nl.tweeling.harvest;

import java.time.Duration;
import java.util.Map;

/**
 * A configured harvester: what to fetch, how to read it and how often.
 *
 * @param id      lower-case id, also the lineage source {@code harvest:<id>}
 * @param type    one of {@link HarvesterTypes#ALL}
 * @param url     the document (file readers) or the service root (sensorthings, ogcapi-features)
 * @param every   run interval, or null to run only on demand
 * @param options type-specific options (docs/harvest.md)
 * @param origin  {@code config} (the configuration file) or {@code api} (POST /harvesters)
 */
public record HarvesterDefinition(String id, String type, String url, Duration every, Map<String, Object> options, String origin) {

    public HarvesterDefinition {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** The lineage source of everything this harvester writes. */
    public String source() {
        return "harvest:" + id;
    }
}
