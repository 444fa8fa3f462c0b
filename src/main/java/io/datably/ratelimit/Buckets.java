package io.datably.ratelimit;

import io.smallrye.mutiny.Uni;

/** Where buckets are kept: in Redis, shared by every replica, or in this instance. */
interface Buckets {
    /**
     * Takes a token from the bucket of all requests, and from the write bucket too for a write, or none when either
     * is empty.
     */
    Uni<Decision> take(BucketKeys keys, Limits limits, boolean write);

    /** Gets ready to take (a connection, a script loaded), or fails if that cannot be done now. */
    default Uni<Void> prepare() {
        return Uni.createFrom().voidItem();
    }
}
