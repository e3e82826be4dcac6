package nl.tweeling.harvest;

import java.io.IOException;
import java.io.InputStream;

/** A feed published as one document at the harvester's URL, read by an {@link ObservationReader}. */
public final class DocumentSource implements HarvestSource {

    private final ObservationReader reader;
    private final String accept;

    public DocumentSource(ObservationReader reader, String accept) {
        this.reader = reader;
        this.accept = accept;
    }

    @Override
    public void harvest(HarvestContext context, ReadingSink sink) {
        String url = context.harvester().url();
        HttpFetcher.Fetched fetched = context.fetch(url, accept);
        context.progress(30, "fetched " + fetched.body().length + " bytes");
        try (InputStream in = fetched.open()) {
            reader.read(in, sink);
        } catch (MalformedSourceException e) {
            throw new HarvestException(nl.tweeling.platform.outbound.Urls.redact(url) + " is malformed: " + e.getMessage());
        } catch (IOException e) {
            throw new HarvestException(nl.tweeling.platform.outbound.Urls.redact(url) + " cannot be read: " + e.getMessage());
        }
    }
}
