package nl.tweeling.harvest;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns one fetched document of an open-data feed into readings, in the spirit of a Kafka Connect source
 * task: it only parses and carries each record's source position; the {@link HarvestRunner} registers
 * datastreams, writes, keeps the job and the lineage. Implementations hold no Quarkus types, keep no state
 * between calls and are thread-safe.
 */
public interface ObservationReader {

    /**
     * Reads the whole document, calling {@code sink} for every record.
     *
     * @throws MalformedSourceException when the document is not in the reader's format at all (a record
     *                                  that is merely wrong is passed to {@link ReadingSink#rejected})
     */
    void read(InputStream body, ReadingSink sink) throws IOException, MalformedSourceException;
}
