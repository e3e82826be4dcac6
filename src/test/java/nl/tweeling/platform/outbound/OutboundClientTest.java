package nl.tweeling.platform.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import nl.tweeling.harvest.FeedServer;

/**
 * The outbound client with a resolver the test controls, against real servers on this machine: a name that
 * resolves to an allowed address (127.0.0.2) when checked and to a refused one (127.0.0.1) when fetched (DNS
 * rebinding) is refused and the refused server sees nothing; the connection goes to the address the policy
 * returned while the Host header keeps the name; redirects and body size are limited.
 */
class OutboundClientTest {

    static final OutboundClient.Limits LIMITS = new OutboundClient.Limits(Duration.ofSeconds(5), Duration.ofSeconds(5),
            1000, 3);

    /** Two servers on one port: 127.0.0.2 (allowed) and 127.0.0.1 (refused). */
    static FeedServer[] pair() throws Exception {
        for (int attempt = 0; ; attempt++) {
            FeedServer allowed = new FeedServer("127.0.0.2");
            try {
                return new FeedServer[] {allowed, new FeedServer("127.0.0.1", allowed.port())};
            } catch (java.net.BindException e) {
                allowed.close();
                if (attempt > 5) {
                    throw e;
                }
            }
        }
    }

    @Test
    void aNameThatRebindsToLoopbackAfterTheCheckIsRefusedWhenFetched() throws Exception {
        FeedServer[] servers = pair();
        try (FeedServer allowed = servers[0]; FeedServer refused = servers[1]) {
            allowed.serve("/x", "text/plain", "allowed".getBytes(StandardCharsets.UTF_8));
            refused.serve("/x", "text/plain", "internal".getBytes(StandardCharsets.UTF_8));
            AtomicInteger lookups = new AtomicInteger();
            OutboundPolicy policy = OutboundPolicy.of(List.of("127.0.0.2/32"), host -> {
                if (!host.equals("rebind.test")) {
                    throw new java.net.UnknownHostException(host);
                }
                return new InetAddress[] {InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.2" : "127.0.0.1")};
            });
            URI uri = URI.create("http://rebind.test:" + allowed.port() + "/x");
            policy.check(uri); // the check at submit time sees 127.0.0.2
            try (OutboundClient client = new OutboundClient(policy, LIMITS, "test")) {
                OutboundException e = assertThrows(OutboundException.class, () -> client.get(uri, Map.of(), null));
                assertEquals(OutboundException.Kind.REFUSED, e.kind());
                assertTrue(e.getMessage().contains("rebind.test resolves to 127.0.0.1, a loopback address"), e.getMessage());
            }
            assertEquals(2, lookups.get(), "one lookup for the check, one for the connection");
            assertEquals(0, refused.hits());
            assertEquals(0, allowed.hits());
        }
    }

    @Test
    void theConnectionGoesToTheCheckedAddressAndTheHostHeaderKeepsTheName() throws Exception {
        FeedServer[] servers = pair();
        try (FeedServer allowed = servers[0]; FeedServer refused = servers[1]) {
            allowed.serve("/x", "text/plain", "allowed".getBytes(StandardCharsets.UTF_8));
            refused.serve("/x", "text/plain", "internal".getBytes(StandardCharsets.UTF_8));
            AtomicInteger lookups = new AtomicInteger();
            OutboundPolicy policy = OutboundPolicy.of(List.of("127.0.0.2/32"), host -> {
                lookups.incrementAndGet();
                return new InetAddress[] {InetAddress.getByName("127.0.0.2")};
            });
            try (OutboundClient client = new OutboundClient(policy, LIMITS, "test");
                    OutboundClient.Response r = client.get(URI.create("http://feed.test:" + allowed.port() + "/x"),
                            Map.of(), null);
                    InputStream in = r.body()) {
                assertEquals(200, r.status());
                assertEquals("allowed", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals(1, lookups.get(), "resolved once");
            assertEquals("feed.test:" + allowed.port(), allowed.lastHeader("/x", "Host"));
            assertEquals(0, refused.hits());
        }
    }

    @Test
    void redirectsAndBodiesAreLimited() throws Exception {
        try (FeedServer allowed = new FeedServer()) {
            allowed.redirect("/loop", allowed.url("/loop"));
            allowed.serve("/big", "application/octet-stream", new byte[5000]);
            allowed.redirect("/file", "file:///etc/passwd");
            OutboundPolicy policy = OutboundPolicy.of(List.of("127.0.0.2/32"), OutboundPolicy.SYSTEM);
            try (OutboundClient client = new OutboundClient(policy, LIMITS, "test")) {
                OutboundException loop = assertThrows(OutboundException.class,
                        () -> client.get(URI.create(allowed.url("/loop")), Map.of(), null));
                assertEquals(OutboundException.Kind.TOO_MANY_REDIRECTS, loop.kind());
                assertEquals(1 + LIMITS.maxRedirects(), allowed.hits("/loop"));
                OutboundException file = assertThrows(OutboundException.class,
                        () -> client.get(URI.create(allowed.url("/file")), Map.of(), null));
                assertEquals(OutboundException.Kind.INVALID, file.kind());
                try (OutboundClient.Response r = client.get(URI.create(allowed.url("/big")), Map.of(), null);
                        InputStream in = r.body()) {
                    OutboundException big = assertThrows(OutboundException.class, in::readAllBytes);
                    assertEquals(OutboundException.Kind.TOO_LARGE, big.kind());
                }
            }
        }
    }
}
