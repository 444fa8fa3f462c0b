package io.datably.service;

import jakarta.enterprise.context.RequestScoped;

/**
 * The id of the current request: the client's {@code X-Request-Id} when it is a sensible token, else one made up.
 * Audit entries carry it, so the entries of one request (a bulk change, a batch) are found together, and a client or
 * proxy can match its own logs with them.
 */
@RequestScoped
public class RequestId {
    private String value;

    public String value() {
        return value;
    }

    public void set(String value) {
        this.value = value;
    }
}
