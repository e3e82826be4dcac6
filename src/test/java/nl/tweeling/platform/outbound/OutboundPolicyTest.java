package nl.tweeling.platform.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The outbound policy as pure code: address classes (IPv4, IPv6 and the IPv6 forms of IPv4), numeric host forms,
 * names through a resolver the test controls, the allow list. Nothing here connects anywhere: addresses such as
 * 10.1.2.3 or 169.254.169.254 are only classified.
 */
class OutboundPolicyTest {

    /** A resolver that knows a few names and records what it was asked. */
    static final class FakeDns implements OutboundPolicy.Resolver {
        final Map<String, List<String>> names;
        final List<String> asked = new ArrayList<>();

        FakeDns(Map<String, List<String>> names) {
            this.names = names;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            asked.add(host);
            List<String> a = names.get(host);
            if (a == null) {
                throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[a.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = InetAddress.getByName(a.get(i)); // literals only: no lookup
            }
            return out;
        }
    }

    static final FakeDns DNS = new FakeDns(Map.of(
            "data.example.org", List.of("93.184.215.14"),
            "intranet.test", List.of("10.1.2.3"),
            "mixed.test", List.of("93.184.215.14", "192.168.1.20"),
            "rebind.test", List.of("127.0.0.1"),
            "v6.test", List.of("2001:db8::1", "fd00:ec2::254"),
            "allowed.test", List.of("10.9.9.9")));

    static Optional<String> kind(String literal) throws UnknownHostException {
        return OutboundPolicy.classify(InetAddress.getByName(literal));
    }

    @Test
    void ipv4ClassesAreRefusedAndPublicAddressesAreNot() throws Exception {
        assertEquals("a loopback address", kind("127.0.0.1").orElseThrow());
        assertEquals("a loopback address", kind("127.255.0.9").orElseThrow());
        assertEquals("a private address", kind("10.1.2.3").orElseThrow());
        assertEquals("a private address", kind("172.16.0.1").orElseThrow());
        assertEquals("a private address", kind("172.31.255.254").orElseThrow());
        assertEquals("a private address", kind("192.168.0.10").orElseThrow());
        assertTrue(kind("100.64.0.1").orElseThrow().contains("carrier-grade NAT"));
        assertTrue(kind("100.127.255.255").orElseThrow().contains("carrier-grade NAT"));
        assertTrue(kind("169.254.169.254").orElseThrow().contains("metadata"));
        assertEquals("a link-local address", kind("169.254.1.1").orElseThrow());
        assertEquals("the unspecified address", kind("0.0.0.0").orElseThrow());
        assertTrue(kind("0.1.2.3").orElseThrow().contains("unspecified"));
        assertEquals("the broadcast address", kind("255.255.255.255").orElseThrow());
        assertEquals("a multicast address", kind("224.0.0.251").orElseThrow());
        assertEquals("a reserved address", kind("240.0.0.1").orElseThrow());
        assertTrue(kind("192.0.0.192").orElseThrow().contains("reserved"));
        assertTrue(kind("198.18.0.1").orElseThrow().contains("private"));
        // the neighbours of the refused blocks are public
        for (String pub : List.of("8.8.8.8", "93.184.215.14", "172.15.255.255", "172.32.0.1", "100.63.255.255",
                "100.128.0.0", "169.253.255.255", "192.167.255.255", "223.255.255.255", "11.0.0.0", "126.255.255.255",
                "128.0.0.0")) {
            assertEquals(Optional.empty(), kind(pub), pub);
        }
    }

    @Test
    void ipv6ClassesAndTheIpv6FormsOfIpv4AreRefused() throws Exception {
        assertEquals("a loopback address", kind("::1").orElseThrow());
        assertEquals("the unspecified address", kind("::").orElseThrow());
        assertEquals("a link-local address", kind("fe80::1").orElseThrow());
        assertEquals("a private (unique local) address", kind("fc00::1").orElseThrow());
        assertEquals("a private (unique local) address", kind("fd12:3456::1").orElseThrow());
        assertTrue(kind("fd00:ec2::254").orElseThrow().contains("metadata"));
        assertEquals("a multicast address", kind("ff02::1").orElseThrow());
        assertTrue(kind("fec0::1").orElseThrow().contains("site-local"));
        // Java turns an IPv4-mapped literal into the IPv4 address itself
        assertEquals("a loopback address", kind("::ffff:127.0.0.1").orElseThrow());
        assertTrue(kind("::ffff:169.254.169.254").orElseThrow().contains("metadata"));
        // the mapped form built as an IPv6 address stays IPv6 in Java: classified by the IPv4 inside
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 5;
        assertTrue(OutboundPolicy.classify(java.net.Inet6Address.getByAddress(null, mapped, null)).orElseThrow()
                .contains("a private address"));
        assertTrue(kind("::127.0.0.1").orElseThrow().contains("IPv4-compatible form of 127.0.0.1, a loopback address"));
        assertTrue(kind("::10.0.0.1").orElseThrow().contains("a private address"));
        assertTrue(kind("64:ff9b::7f00:1").orElseThrow().contains("NAT64 form of 127.0.0.1"));
        assertTrue(kind("2002:a9fe:a9fe::1").orElseThrow().contains("6to4 form of 169.254.169.254"));
        assertTrue(kind("2001:0:4136:e378:8000:63bf:3fff:fdd2").orElseThrow().contains("Teredo"));
        for (String pub : List.of("2001:4860:4860::8888", "2a00:1450:400e:80f::200e", "64:ff9b::808:808",
                "2002:808:808::1", "::ffff:8.8.8.8")) {
            assertEquals(Optional.empty(), kind(pub), pub);
        }
    }

    @Test
    void numericHostFormsStandForTheirIpv4AddressAndOnlyTheDottedFormIsTaken() {
        OutboundPolicy p = OutboundPolicy.of(List.of(), DNS);
        for (String host : List.of("2130706433", "0x7f000001", "0177.0.0.1", "127.1", "0x7f.1", "017700000001",
                "127.0.0.1.")) {
            OutboundException e = assertThrows(OutboundException.class, () -> p.checkUrl("http://" + host + ":8080/q/metrics"),
                    host);
            assertEquals(OutboundException.Kind.REFUSED, e.kind(), host + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
            assertTrue(e.getMessage().contains("loopback"), e.getMessage());
            assertTrue(e.getMessage().contains("tweeling.outbound.allow"), e.getMessage());
        }
        // a public address in another form is not taken either: resolvers read such forms differently
        OutboundException e = assertThrows(OutboundException.class, () -> p.checkUrl("http://134744072/"));
        assertTrue(e.getMessage().contains("8.8.8.8") && e.getMessage().contains("a.b.c.d"), e.getMessage());
        assertThrows(OutboundException.class, () -> p.checkUrl("http://999.1.1.1/"));
        // the resolver is never asked about numeric forms
        assertThrows(OutboundException.class, () -> p.resolve("2130706433"));
        assertThrows(OutboundException.class, () -> p.resolve("0x7f000001"));
        assertTrue(DNS.asked.stream().noneMatch(h -> h.startsWith("0x") || h.startsWith("2130")), DNS.asked.toString());
        assertEquals("127.0.0.1", OutboundPolicy.inetAton("0x7f.0.0.1").getHostAddress());
        assertEquals("127.0.0.1", OutboundPolicy.inetAton("127.1").getHostAddress());
        assertEquals("10.0.0.1", OutboundPolicy.inetAton("012.0.0.01").getHostAddress());
    }

    @Test
    void literalAddressesAreRefusedFromTheUrlAlone() {
        OutboundPolicy p = OutboundPolicy.of(List.of(), DNS);
        OutboundException e = assertThrows(OutboundException.class, () -> p.checkUrl("http://127.0.0.1:8080/q/metrics"));
        assertEquals("http://127.0.0.1:8080/q/metrics resolves to 127.0.0.1, a loopback address; " + OutboundPolicy.RULE,
                e.getMessage());
        assertTrue(assertThrows(OutboundException.class, () -> p.checkUrl("http://[::1]:8080/")).getMessage()
                .contains("loopback"));
        assertTrue(assertThrows(OutboundException.class, () -> p.checkUrl("http://[::ffff:10.0.0.1]/")).getMessage()
                .contains("private"));
        assertTrue(assertThrows(OutboundException.class, () -> p.checkUrl("http://169.254.169.254/latest/meta-data/"))
                .getMessage().contains("metadata"));
        assertTrue(assertThrows(OutboundException.class, () -> p.checkUrl("http://[fd00:ec2::254]/")).getMessage()
                .contains("metadata"));
        assertTrue(assertThrows(OutboundException.class, () -> p.checkUrl("http://10.1.2.3/x")).getMessage()
                .contains("10.1.2.3, a private address"));
        assertTrue(assertThrows(OutboundException.class, () -> p.checkUrl("http://0.0.0.0:5432/")).getMessage()
                .contains("unspecified"));
        assertTrue(assertThrows(OutboundException.class, () -> p.checkUrl("http://[::]:5432/")).getMessage()
                .contains("unspecified"));
        assertEquals(OutboundException.Kind.REFUSED, assertThrows(OutboundException.class,
                () -> p.checkUrl("http://metadata.google.internal/computeMetadata/v1/")).kind());
        assertEquals(OutboundException.Kind.REFUSED, assertThrows(OutboundException.class,
                () -> p.checkUrl("http://METADATA.google.internal./")).kind());
        for (String bad : List.of("file:///etc/passwd", "ftp://example.org/a", "gopher://127.0.0.1:6379/_", "http:///x",
                "jar:http://example.org/a.jar!/", "//example.org/a", "http://exa mple.org/")) {
            assertEquals(OutboundException.Kind.INVALID, assertThrows(OutboundException.class, () -> p.checkUrl(bad),
                    bad).kind(), bad);
        }
        assertTrue(DNS.asked.isEmpty() || DNS.asked.stream().noneMatch(h -> h.contains("metadata")), DNS.asked.toString());
        // names are not resolved by checkUrl
        assertEquals(URI.create("https://data.example.org/a.json"), p.checkUrl("https://data.example.org/a.json"));
    }

    @Test
    void everyResolvedAddressIsCheckedAndReturnedForTheConnection() throws Exception {
        OutboundPolicy p = OutboundPolicy.of(List.of(), DNS);
        assertArrayEquals(new InetAddress[] {InetAddress.getByName("93.184.215.14")}, p.resolve("data.example.org"));
        assertEquals("intranet.test resolves to 10.1.2.3, a private address; " + OutboundPolicy.RULE,
                assertThrows(OutboundException.class, () -> p.resolve("intranet.test")).getMessage());
        // one public address does not make up for a private one
        assertTrue(assertThrows(OutboundException.class, () -> p.resolve("mixed.test")).getMessage()
                .contains("192.168.1.20"));
        assertTrue(assertThrows(OutboundException.class, () -> p.resolve("rebind.test")).getMessage()
                .contains("127.0.0.1, a loopback address"));
        assertTrue(assertThrows(OutboundException.class, () -> p.resolve("v6.test")).getMessage().contains("metadata"));
        assertEquals(OutboundException.Kind.UNRESOLVED, assertThrows(OutboundException.class,
                () -> p.resolve("nowhere.test")).kind());
        // the preflight of a whole URL names the URL
        OutboundException e = assertThrows(OutboundException.class,
                () -> p.check(URI.create("https://user:secret@intranet.test/a.json")));
        assertTrue(e.getMessage().startsWith("https://intranet.test/a.json: intranet.test resolves to 10.1.2.3"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void theAllowListTakesHostNamesAddressesAndCidrBlocks() throws Exception {
        OutboundPolicy p = OutboundPolicy.of(List.of("127.0.0.2/32", "allowed.test", "192.168.1.0/24", "fd12::/64",
                " ", "10.1.2.3"), DNS);
        p.checkUrl("http://127.0.0.2:8080/x");
        assertThrows(OutboundException.class, () -> p.checkUrl("http://127.0.0.1:8080/x"));
        assertThrows(OutboundException.class, () -> p.checkUrl("http://127.0.0.3:8080/x"));
        assertEquals("10.9.9.9", p.resolve("allowed.test")[0].getHostAddress());
        assertEquals("10.9.9.9", p.resolve("ALLOWED.test.")[0].getHostAddress());
        assertEquals(2, p.resolve("mixed.test").length);
        assertEquals("10.1.2.3", p.resolve("intranet.test")[0].getHostAddress());
        p.checkUrl("http://[fd12::5]/");
        assertThrows(OutboundException.class, () -> p.checkUrl("http://[fd12:0:0:1::5]/"));
        assertThrows(OutboundException.class, () -> p.resolve("rebind.test"));
        for (String bad : List.of("10.0.0.0/33", "not a host", "10.0.0.0/x", "http://example.org", "fd12::/129")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OutboundPolicy.of(List.of(bad), DNS), bad);
            assertTrue(e.getMessage().contains("tweeling.outbound.allow"), e.getMessage());
        }
    }

    @Test
    void urlsAreShownWithoutCredentials() {
        assertEquals("http://host.example/a?b=c", Urls.redact("http://user:pw@host.example/a?b=c"));
        assertEquals("https://host.example:8443/", Urls.redact("https://u%40x:p%3Aw@host.example:8443/"));
        assertEquals("http://host.example/a@b", Urls.redact("http://host.example/a@b"));
        assertEquals("http://host.example", Urls.redact("http://a@b@host.example"));
        assertEquals("no url at all", Urls.redact("no url at all"));
        assertEquals("http://h.example/x", Urls.withoutUserInfo(URI.create("http://u:p@h.example/x")).toString());
        assertEquals("https://h.example:443", Urls.origin(URI.create("https://H.example/x")));
        assertEquals("http://h.example:8080", Urls.origin(URI.create("http://u:p@h.example:8080/x")));
    }
}
