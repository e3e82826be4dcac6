package nl.tweeling.harvest;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Harvesting settings (prefix {@code tweeling.harvest}); docs/harvest.md describes the configuration file. */
@ConfigMapping(prefix = "tweeling.harvest")
public interface HarvestConfig {

    /** JSON file with the configured harvesters ({@code {"harvesters": [...]}}); none when unset. */
    Optional<String> config();

    /** Run harvesters that have an interval on their schedule in this instance. */
    @WithDefault("true")
    boolean schedulerEnabled();

    /** Connect and read timeout of each fetch. */
    @WithDefault("60s")
    Duration fetchTimeout();

    /** Largest document a fetch accepts, in bytes. */
    @WithDefault("268435456")
    long maxBytes();

    /** Most rejection reasons kept in a run's job (the count is always complete). */
    @WithDefault("100")
    int maxReasons();

    /** Most pages a paging source (sensorthings, ogcapi-features) follows in one run. */
    @WithDefault("10000")
    int maxPages();
}
