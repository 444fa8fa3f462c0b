package io.datably.security;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set once by {@link Authentication} before any resource runs. */
@RequestScoped
public class CallerContext {
    private Caller caller;

    public Caller caller() {
        if (caller == null) {
            throw new IllegalStateException("Caller not resolved for this request");
        }
        return caller;
    }

    void set(Caller caller) {
        this.caller = caller;
    }
}
