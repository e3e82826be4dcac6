package nl.tweeling.platform.outbound;

import java.time.Duration;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.platform.TweelingConfig;

/**
 * The application's outbound policy ({@code tweeling.outbound.allow}) and the clients built on it: every
 * server-side fetch gets its {@link OutboundClient} here, so none can bypass the policy. A wrong allow-list
 * entry stops the start with a message naming it.
 */
@ApplicationScoped
public class Outbound {

    @Inject
    TweelingConfig config;

    private OutboundPolicy policy;

    @PostConstruct
    void init() {
        policy = OutboundPolicy.of(config.outbound().allow().orElse(List.of()), OutboundPolicy.SYSTEM);
    }

    public OutboundPolicy policy() {
        return policy;
    }

    /** A new client with these limits (the caller closes it); redirects as {@code tweeling.outbound.max-redirects}. */
    public OutboundClient client(Duration connectTimeout, Duration readTimeout, long maxBytes) {
        return new OutboundClient(policy, new OutboundClient.Limits(connectTimeout, readTimeout, maxBytes,
                config.outbound().maxRedirects()), "tweeling");
    }
}
