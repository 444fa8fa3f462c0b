package io.datably.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** A 201 that names what it made (Location): its URL under the collection the request was sent to. */
public final class Created {
    private Created() {
    }

    public static Response at(UriInfo uri, String segment, Object view) {
        return Response.created(uri.getAbsolutePathBuilder().segment(segment).build()).entity(view).build();
    }
}
