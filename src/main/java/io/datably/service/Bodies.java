package io.datably.service;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;

/** Request bodies that must be present: an empty body is a 400, not a null pointer further down. */
public final class Bodies {
    private Bodies() {
    }

    public static <T> T required(T body) {
        if (body == null) {
            throw new DatablyException(ErrorCode.MALFORMED_BODY, "A JSON object is required as the request body");
        }
        return body;
    }
}
