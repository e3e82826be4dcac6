package nl.tweeling.harvest;

import java.time.Instant;
import java.util.Optional;

/** What a {@link HarvestSource} may use during a run. */
public interface HarvestContext {

    /** The harvester being run. */
    HarvesterDefinition harvester();

    /** GETs a URL (the harvester's or one the source found, e.g. a next link). */
    HttpFetcher.Fetched fetch(String url, String accept);

    /** The newest stored phenomenon time of a datastream, for incremental requests. */
    Optional<Instant> latest(String datastreamKey);

    /** Reports progress in the run's job (0-100 of the fetch-and-read phase). */
    void progress(int percent, String message);
}
