package nl.tweeling.harvest.ndw;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;

import nl.tweeling.harvest.DocumentSource;
import nl.tweeling.harvest.HarvestContext;
import nl.tweeling.harvest.HarvestException;
import nl.tweeling.harvest.HarvestSource;
import nl.tweeling.harvest.HttpFetcher;
import nl.tweeling.harvest.MalformedSourceException;
import nl.tweeling.harvest.ReadingSink;

/**
 * The NDW traffic speed harvest: first the measurement site table when one is configured (for the sites'
 * locations), then the speed document at the harvester's URL. A site table that cannot be fetched or read fails
 * the run before anything is written, like the speed document itself.
 */
public final class TrafficSpeedSource implements HarvestSource {

    private static final String ACCEPT = "application/xml, text/xml";

    private final Set<String> sites;
    private final String siteTable;

    /**
     * @param sites     measurementSiteReference ids to read, or null for every site
     * @param siteTable URL of the DATEX II measurement site table (plain or gzip), or null for no locations
     */
    public TrafficSpeedSource(Set<String> sites, String siteTable) {
        this.sites = sites == null ? null : Set.copyOf(sites);
        this.siteTable = siteTable;
    }

    @Override
    public void harvest(HarvestContext context, ReadingSink sink) {
        Map<String, double[]> locations = Map.of();
        if (siteTable != null) {
            HttpFetcher.Fetched fetched = context.fetch(siteTable, ACCEPT);
            try (InputStream in = fetched.open()) {
                locations = new SiteTableReader(sites).read(in);
            } catch (MalformedSourceException e) {
                throw new HarvestException("site table " + nl.tweeling.platform.outbound.Urls.redact(siteTable) + " is malformed: " + e.getMessage());
            } catch (IOException e) {
                throw new HarvestException("site table " + nl.tweeling.platform.outbound.Urls.redact(siteTable) + " cannot be read: " + e.getMessage());
            }
            context.progress(10, "site table: " + locations.size() + " sites with a location");
        }
        new DocumentSource(new TrafficSpeedReader(sites, locations), ACCEPT).harvest(context, sink);
    }
}
