package nl.tweeling.platform.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import nl.tweeling.platform.outbound.OutboundException.Kind;

/**
 * Where the server may send requests (imports of URLs, harvesters, every later fetch): http and https only, and
 * never to an address of the app's own network unless an operator allowed it ({@code tweeling.outbound.allow}).
 * Refused unless allowed: loopback, private (RFC 1918, 100.64.0.0/10 carrier-grade NAT, 198.18.0.0/15, fc00::/7
 * unique local, fec0::/10), link-local (169.254.0.0/16, fe80::/10), multicast, unspecified (0.0.0.0/8, ::),
 * broadcast, reserved (240.0.0.0/4, 192.0.0.0/24, 100::/64), Teredo, the IPv4-mapped, -compatible, NAT64 and 6to4
 * IPv6 forms of all those, the cloud metadata addresses (169.254.169.254, fd00:ec2::254) and metadata host names
 * ({@code metadata.google.internal}, {@code metadata.goog}).
 *
 * <p>A host is resolved once and every address it resolves to is checked; the client that uses this policy
 * connects to exactly the addresses {@link #resolve} returned ({@link OutboundClient}). A host whose last label is
 * a number is an IPv4 address however it is written: only the dotted-decimal form {@code a.b.c.d} is taken, since
 * resolvers and clients read {@code 2130706433}, {@code 0x7f000001}, {@code 0177.0.0.1} or {@code 127.1}
 * differently; the message says which address such a form stands for.
 *
 * <p>The allow list holds host names (exact, case-insensitive: every address of that name is then taken) and
 * addresses or CIDR blocks ({@code 10.20.0.0/16}, {@code fd12::/64}, {@code 127.0.0.2}). Pure Java; thread-safe.
 */
public final class OutboundPolicy {

    /** Turns a host name into its addresses (the system resolver, or one a test controls). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The system resolver. */
    public static final Resolver SYSTEM = InetAddress::getAllByName;

    /** The rule, as every refusal states it. */
    public static final String RULE = "outbound requests to loopback, private, link-local, multicast, unspecified,"
            + " broadcast, reserved and cloud metadata addresses are refused; an operator can allow hosts with"
            + " tweeling.outbound.allow";

    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+");
    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]*");

    private final Set<String> allowedNames;
    private final List<Cidr> allowedNets;
    private final Resolver resolver;

    private OutboundPolicy(Set<String> allowedNames, List<Cidr> allowedNets, Resolver resolver) {
        this.allowedNames = allowedNames;
        this.allowedNets = allowedNets;
        this.resolver = resolver;
    }

    /**
     * A policy with an allow list (host names, addresses, CIDR blocks).
     *
     * @throws IllegalArgumentException naming the entry that is none of these
     */
    public static OutboundPolicy of(List<String> allow, Resolver resolver) {
        Set<String> names = new LinkedHashSet<>();
        List<Cidr> nets = new ArrayList<>();
        for (String raw : allow == null ? List.<String>of() : allow) {
            String entry = raw == null ? "" : raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("/") || entry.contains(":") || isNumericHost(entry)) {
                nets.add(Cidr.parse(entry));
            } else if (entry.matches("(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\\.?")) {
                names.add(normalise(entry));
            } else {
                throw new IllegalArgumentException("tweeling.outbound.allow: '" + entry + "' is neither a host name nor"
                        + " an address or CIDR block (such as 10.20.0.0/16 or fd12::/64)");
            }
        }
        return new OutboundPolicy(Set.copyOf(names), List.copyOf(nets), resolver == null ? SYSTEM : resolver);
    }

    /**
     * Checks a URL's form without resolving it: absolute http or https with a host, no non-canonical numeric
     * host, no metadata host name; a literal address is checked at once. Returns the URI.
     *
     * @throws OutboundException INVALID or REFUSED, its message naming the URL (without credentials)
     */
    public URI checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new OutboundException(Kind.INVALID, "'" + Urls.redact(url) + "' is not a valid URL");
        }
        checkUrl(uri);
        return uri;
    }

    /** {@link #checkUrl(String)} for a parsed URI. */
    public void checkUrl(URI uri) {
        String shown = Urls.redact(uri);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new OutboundException(Kind.INVALID, shown + " is not an http or https URL");
        }
        String host = uri.getHost();
        if (host == null) {
            String authority = authorityHost(uri.getRawAuthority());
            if (authority != null && isNumericHost(authority)) {
                // java.net.URI takes forms such as 127.1 or 0177.0.0.1 for a registry name, without a host
                throw numericForm(shown, authority);
            }
            throw new OutboundException(Kind.INVALID, shown + " has no valid host name");
        }
        String name = normalise(host);
        if (allowedNames.contains(name)) {
            return;
        }
        if (METADATA_NAMES.contains(name)) {
            throw new OutboundException(Kind.REFUSED, shown + " names " + name + ", a cloud metadata service; " + RULE);
        }
        if (!host.startsWith("[") && isNumericHost(name) && canonicalIpv4(name) == null) {
            throw numericForm(shown, name);
        }
        InetAddress literal = literal(name);
        if (literal != null) {
            check(shown, name, new InetAddress[] {literal});
        }
    }

    /**
     * Resolves a host once and checks every address (a host allowed by name is not checked). What it returns is
     * what a client must connect to.
     *
     * @throws OutboundException REFUSED (a forbidden address or name) or UNRESOLVED (no address)
     */
    public InetAddress[] resolve(String host) {
        String name = normalise(host);
        InetAddress[] addresses;
        InetAddress literal = literal(name);
        if (literal != null) {
            addresses = new InetAddress[] {literal};
        } else {
            if (!allowedNames.contains(name)) {
                if (METADATA_NAMES.contains(name)) {
                    throw new OutboundException(Kind.REFUSED, name + " is a cloud metadata service; " + RULE);
                }
                if (isNumericHost(name)) {
                    throw numericForm(name, name);
                }
            }
            try {
                addresses = resolver.resolve(name);
            } catch (UnknownHostException | RuntimeException e) {
                throw new OutboundException(Kind.UNRESOLVED, "host " + name + " could not be resolved");
            }
            if (addresses == null || addresses.length == 0) {
                throw new OutboundException(Kind.UNRESOLVED, "host " + name + " could not be resolved");
            }
            if (allowedNames.contains(name)) {
                return addresses.clone();
            }
        }
        check(name, name, addresses);
        return addresses.clone();
    }

    /** Resolves and checks the host of an already form-checked URI (a preflight, e.g. when a job is submitted). */
    public void check(URI uri) {
        checkUrl(uri);
        try {
            resolve(uri.getHost());
        } catch (OutboundException e) {
            if (e.kind() == Kind.REFUSED) {
                throw new OutboundException(Kind.REFUSED, Urls.redact(uri) + ": " + e.getMessage());
            }
            throw new OutboundException(e.kind(), Urls.redact(uri) + ": " + e.getMessage());
        }
    }

    private void check(String shown, String name, InetAddress[] addresses) {
        for (InetAddress a : addresses) {
            if (allowedNets.stream().anyMatch(n -> n.contains(a))) {
                continue;
            }
            Optional<String> kind = classify(a);
            if (kind.isPresent()) {
                String what = shown.equals(name) && a.getHostAddress().equals(bare(name)) ? shown + " is "
                        : shown + " resolves to " + a.getHostAddress() + ", ";
                throw new OutboundException(Kind.REFUSED, what + kind.get() + "; " + RULE);
            }
        }
    }

    private OutboundException numericForm(String shown, String host) {
        InetAddress a = inetAton(host);
        if (a == null) {
            return new OutboundException(Kind.INVALID, shown + ": host " + host + " is not a valid IPv4 address");
        }
        String kind = classify(a).map(k -> ", " + k).orElse("");
        return new OutboundException(kind.isEmpty() ? Kind.INVALID : Kind.REFUSED, shown + ": host " + host
                + " is " + a.getHostAddress() + " written in another form" + kind + "; write an address as four decimal"
                + " numbers (a.b.c.d)" + (kind.isEmpty() ? "" : "; " + RULE));
    }

    /**
     * Why an address is refused ("a loopback address", …), or empty for an address on the internet at large.
     */
    public static Optional<String> classify(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return classify4(b);
        }
        if (a instanceof Inet6Address) {
            return classify6(b);
        }
        return Optional.of("an address of an unknown family");
    }

    private static Optional<String> classify4(byte[] b) {
        int x = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (x == 0) {
            return Optional.of("the unspecified address");
        }
        if (x == 0xffffffff) {
            return Optional.of("the broadcast address");
        }
        if (x == 0xa9fea9fe) {
            return Optional.of("the cloud metadata address (link-local)");
        }
        Object[][] table = {
            {0x00000000, 8, "an unspecified (this-network) address"},
            {0x0a000000, 8, "a private address"},
            {0x64400000, 10, "a private (carrier-grade NAT) address"},
            {0x7f000000, 8, "a loopback address"},
            {0xa9fe0000, 16, "a link-local address"},
            {0xac100000, 12, "a private address"},
            {0xc0000000, 24, "a reserved (IETF protocol) address"},
            {0xc0a80000, 16, "a private address"},
            {0xc6120000, 15, "a private (benchmarking) address"},
            {0xe0000000, 4, "a multicast address"},
            {0xf0000000, 4, "a reserved address"},
        };
        for (Object[] row : table) {
            int net = (Integer) row[0];
            int bits = (Integer) row[1];
            int mask = bits == 0 ? 0 : -1 << (32 - bits);
            if ((x & mask) == (net & mask)) {
                return Optional.of((String) row[2]);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> classify6(byte[] b) {
        boolean zero80 = true;
        for (int i = 0; i < 10; i++) {
            zero80 &= b[i] == 0;
        }
        boolean zero96 = zero80 && b[10] == 0 && b[11] == 0;
        if (zero96 && b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1)) {
            return Optional.of(b[15] == 0 ? "the unspecified address" : "a loopback address");
        }
        if (zero80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return embedded(b, 12, "the IPv4-mapped form of ");
        }
        if (zero96) {
            return embedded(b, 12, "the IPv4-compatible form of ");
        }
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        boolean zeroTo12 = true;
        for (int i = 4; i < 12; i++) {
            zeroTo12 &= b[i] == 0;
        }
        if (w0 == 0x0064 && w1 == 0xff9b && zeroTo12) {
            return embedded(b, 12, "the NAT64 form of ");
        }
        if (w0 == 0x0064 && w1 == 0xff9b && b[4] == 0 && b[5] == 1) {
            return Optional.of("a private (local NAT64) address");
        }
        if (w0 == 0x2002) {
            return embedded(b, 2, "the 6to4 form of ");
        }
        if (w0 == 0x2001 && w1 == 0) {
            return Optional.of("a Teredo tunnel address");
        }
        if (w0 == 0x0100 && w1 == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) {
            return Optional.of("a reserved (discard) address");
        }
        if (w0 == 0xfd00 && w1 == 0x0ec2 && allZero(b, 4, 14) && b[14] == 0x02 && (b[15] & 0xff) == 0x54) {
            return Optional.of("the cloud metadata address (unique local)");
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of("a private (unique local) address");
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return Optional.of("a link-local address");
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return Optional.of("a private (site-local) address");
        }
        if ((b[0] & 0xff) == 0xff) {
            return Optional.of("a multicast address");
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The class of the IPv4 address at {@code b[at..at+3]}, said as the IPv6 form of it. */
    private static Optional<String> embedded(byte[] b, int at, String form) {
        byte[] v4 = {b[at], b[at + 1], b[at + 2], b[at + 3]};
        Optional<String> inner = classify4(v4);
        String text = (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + "." + (v4[3] & 0xff);
        return inner.map(k -> form + text + ", " + k);
    }

    /** Lower case, without brackets and a trailing dot. */
    static String normalise(String host) {
        String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".") && h.length() > 1) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    private static String bare(String host) {
        return normalise(host);
    }

    /** A host whose last label is a number (decimal or 0x hex): an IPv4 address in some form. */
    static boolean isNumericHost(String host) {
        String h = normalise(host);
        if (h.isEmpty() || h.contains(":")) {
            return false;
        }
        String last = h.substring(h.lastIndexOf('.') + 1);
        return DECIMAL.matcher(last).matches() || HEX.matcher(last).matches();
    }

    /** The address of a canonical dotted-decimal IPv4 text (four parts 0-255 without leading zeros), else null. */
    static InetAddress canonicalIpv4(String host) {
        String[] parts = normalise(host).split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (!DECIMAL.matcher(p).matches() || p.length() > 3 || p.length() > 1 && p.startsWith("0")) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * What the C library's {@code inet_aton} makes of a numeric host: one to four parts, each decimal, octal
     * (leading 0) or hex (0x), the last filling the remaining bytes. Null when it is not an address at all.
     */
    static InetAddress inetAton(String host) {
        String[] parts = normalise(host).split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return null;
        }
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            try {
                if (HEX.matcher(p).matches()) {
                    v[i] = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
                } else if (p.length() > 1 && p.startsWith("0") && p.matches("[0-7]+")) {
                    v[i] = Long.parseLong(p.substring(1), 8);
                } else if (DECIMAL.matcher(p).matches() && !(p.length() > 1 && p.startsWith("0"))) {
                    v[i] = Long.parseLong(p);
                } else {
                    return null;
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        long x = 0;
        for (int i = 0; i < v.length - 1; i++) {
            if (v[i] > 255) {
                return null;
            }
            x |= v[i] << (8 * (3 - i));
        }
        long lastMax = (1L << (8 * (4 - (v.length - 1)))) - 1;
        if (v[v.length - 1] > lastMax) {
            return null;
        }
        x |= v[v.length - 1];
        byte[] b = {(byte) (x >>> 24), (byte) (x >>> 16), (byte) (x >>> 8), (byte) x};
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The address of an IP literal (canonical IPv4 or IPv6), without any lookup; null for a name. */
    static InetAddress literal(String host) {
        String h = normalise(host);
        if (h.contains(":")) {
            try {
                // a literal: InetAddress parses it without a lookup (a zone id is kept)
                return InetAddress.getByName("[" + h + "]");
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return canonicalIpv4(h);
    }

    /** The host of a raw authority ({@code user@host:port}), or null. */
    private static String authorityHost(String authority) {
        if (authority == null) {
            return null;
        }
        String a = authority.substring(authority.lastIndexOf('@') + 1);
        if (a.startsWith("[")) {
            return a.contains("]") ? a.substring(0, a.indexOf(']') + 1) : null;
        }
        int colon = a.lastIndexOf(':');
        return colon >= 0 ? a.substring(0, colon) : a;
    }

    /** An allow-list block. */
    record Cidr(byte[] net, int bits) {

        static Cidr parse(String entry) {
            String addr = entry;
            int bits = -1;
            int slash = entry.indexOf('/');
            if (slash >= 0) {
                addr = entry.substring(0, slash);
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw bad(entry);
                }
            }
            InetAddress a = literal(addr);
            if (a == null) {
                throw bad(entry);
            }
            byte[] b = a.getAddress();
            int max = b.length * 8;
            if (bits < 0) {
                bits = max;
            }
            if (bits > max) {
                throw bad(entry);
            }
            return new Cidr(b, bits);
        }

        private static IllegalArgumentException bad(String entry) {
            return new IllegalArgumentException("tweeling.outbound.allow: '" + entry + "' is not an address or CIDR block"
                    + " (such as 127.0.0.2, 10.20.0.0/16 or fd12::/64)");
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != net.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != net[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (b[full] & mask) == (net[full] & mask);
        }
    }
}
