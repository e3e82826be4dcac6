package nl.tweeling.platform.outbound;

/**
 * A server-side request that was refused or failed. The message is ours and safe to show (a job message, a
 * 400 detail): it names the URL without credentials and never carries text from the far side (its body, its
 * headers, or the socket's and exception's messages, which would let a caller probe what answers where).
 */
public class OutboundException extends RuntimeException {

    /** What went wrong. */
    public enum Kind {
        /** The outbound policy refused the URL or an address it resolves to (docs/security.md). */
        REFUSED,
        /** The URL is not an absolute http or https URL with a host. */
        INVALID,
        /** The host name has no address. */
        UNRESOLVED,
        /** Connecting or reading took longer than allowed. */
        TIMEOUT,
        /** Anything else on the way: refused connection, broken TLS, a reset. */
        FAILED,
        /** The body is larger than allowed. */
        TOO_LARGE,
        /** More redirects than allowed. */
        TOO_MANY_REDIRECTS
    }

    private final Kind kind;

    public OutboundException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Refused by the policy or not a usable URL: the caller's input is wrong (a 400), not the far side. */
    public boolean refused() {
        return kind == Kind.REFUSED || kind == Kind.INVALID;
    }
}
