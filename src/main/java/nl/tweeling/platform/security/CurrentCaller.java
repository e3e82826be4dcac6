package nl.tweeling.platform.security;

import jakarta.enterprise.context.RequestScoped;

/** The {@link Caller} of the current request, set by {@link ApiKeyFilter}; anonymous until then. */
@RequestScoped
public class CurrentCaller {

    private Caller caller = Caller.ANONYMOUS;

    public Caller get() {
        return caller;
    }

    void set(Caller caller) {
        this.caller = caller;
    }
}
