package nl.tweeling.harvest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import nl.tweeling.platform.outbound.OutboundClient;
import nl.tweeling.platform.outbound.OutboundException;
import nl.tweeling.platform.outbound.Urls;

/**
 * Fetches documents for harvesters over HTTP(S) through the outbound policy ({@link OutboundClient}: the host's
 * addresses checked, redirects checked hop by hop): one GET with a timeout, the whole body in memory (open-data
 * documents are at most tens of MB; the limit is a setting), gzip bodies unpacked. Every failure becomes a
 * {@link HarvestException} whose message names the URL (without credentials) and says what to check. Thread-safe.
 */
public final class HttpFetcher {

    /** A fetched body. */
    public record Fetched(String url, byte[] body, String contentType, String contentCrs) {

        /** The body, unpacked when it is gzip (by magic number, whatever the headers say). */
        public InputStream open() throws IOException {
            InputStream in = new ByteArrayInputStream(body);
            if (body.length > 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
                return new GZIPInputStream(in, 1 << 16);
            }
            return in;
        }
    }

    private final OutboundClient client;
    private final Duration timeout;
    private final long maxBytes;

    /** A fetcher over {@code client} (the outbound policy's; its limits are {@code timeout} and {@code maxBytes}). */
    public HttpFetcher(OutboundClient client, Duration timeout, long maxBytes) {
        this.client = client;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    /** GETs {@code url}; {@code accept} is the Accept header. */
    public Fetched get(String url, String accept) {
        return get(url, accept, null);
    }

    /**
     * GETs {@code url}; {@code accept} is the Accept header; {@code secret} (a harvester's credentials) goes only to
     * its own origin. Messages name the URL without credentials and never what the far side or the socket said.
     */
    public Fetched get(String url, String accept, OutboundClient.Secret secret) {
        String shown = Urls.redact(url);
        URI uri = checked(url);
        try (OutboundClient.Response response = client.get(uri, Map.of("Accept", accept,
                "User-Agent", "tweeling-harvester"), secret)) {
            if (response.status() != 200) {
                throw new HarvestException("GET " + shown + " answered HTTP " + response.status()
                        + "; check the URL, or try again later if the source is down");
            }
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readAllBytes();
            }
            return new Fetched(shown, body, response.header("Content-Type").orElse(""),
                    response.header("Content-Crs").orElse(""));
        } catch (OutboundException e) {
            throw switch (e.kind()) {
                case REFUSED, INVALID -> new HarvestException("GET refused: " + e.getMessage());
                case TIMEOUT -> new HarvestException("GET " + shown + " timed out after " + timeout.toSeconds()
                        + " s; the source is slow or unreachable, try again later or raise tweeling.harvest.fetch-timeout");
                case TOO_LARGE -> new HarvestException("GET " + shown + " returned more than " + maxBytes
                        + " bytes; raise tweeling.harvest.max-bytes if this source is that large");
                case UNRESOLVED -> new HarvestException("GET " + shown + " failed: its host could not be resolved;"
                        + " check the URL and the network");
                case TOO_MANY_REDIRECTS -> new HarvestException("GET " + e.getMessage());
                default -> new HarvestException("GET " + shown + " failed; check the URL and the network");
            };
        } catch (IOException e) {
            throw new HarvestException("GET " + shown + " failed; check the URL and the network");
        }
    }

    /** An absolute http(s) URL with a host, or a HarvestException saying what is wrong (no policy check). */
    public static URI checked(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new HarvestException("'" + Urls.redact(url) + "' is not a valid URL");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new HarvestException("'" + Urls.redact(url) + "' is not an absolute http or https URL");
        }
        return uri;
    }
}
