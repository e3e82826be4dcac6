package nl.tweeling.harvest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

/**
 * Fetches documents for harvesters over HTTP(S): one GET with a timeout, the whole body in memory (open-data
 * documents are at most tens of MB; the limit is a setting), gzip bodies unpacked. Every failure becomes a
 * {@link HarvestException} whose message names the URL and says what to check. Thread-safe.
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

    private final HttpClient client;
    private final Duration timeout;
    private final long maxBytes;

    public HttpFetcher(Duration timeout, long maxBytes) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    /** GETs {@code url}; {@code accept} is the Accept header. */
    public Fetched get(String url, String accept) {
        URI uri = checked(url);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", accept)
                .header("User-Agent", "tweeling-harvester")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new HarvestException("GET " + url + " timed out after " + timeout.toSeconds()
                    + " s; the source is slow or unreachable, try again later or raise tweeling.harvest.fetch-timeout");
        } catch (IOException e) {
            throw new HarvestException("GET " + url + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()) + "; check the URL and the network");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarvestException("GET " + url + " was interrupted");
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new HarvestException("GET " + url + " answered HTTP " + response.statusCode()
                        + "; check the URL, or try again later if the source is down");
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw new HarvestException("GET " + url + " returned more than " + maxBytes
                        + " bytes; raise tweeling.harvest.max-bytes if this source is that large");
            }
            return new Fetched(url, body, response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Content-Crs").orElse(""));
        } catch (HttpTimeoutException e) {
            throw new HarvestException("GET " + url + " timed out after " + timeout.toSeconds() + " s while reading the body");
        } catch (IOException e) {
            throw new HarvestException("GET " + url + " broke off while reading the body: " + e.getMessage());
        }
    }

    /** An absolute http(s) URL, or a HarvestException saying what is wrong. */
    public static URI checked(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new HarvestException("'" + url + "' is not a valid URL");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new HarvestException("'" + url + "' is not an absolute http or https URL");
        }
        return uri;
    }
}
