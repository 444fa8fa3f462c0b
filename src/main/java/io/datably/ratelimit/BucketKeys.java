package io.datably.ratelimit;

/**
 * The names of one caller's two buckets (all requests; writes). A caller is a principal of a tenant, or, for a request
 * no principal was found for, a client address. The part in braces is a Redis Cluster hash tag: both keys of a caller
 * live on one node, as a script may only touch keys of one node.
 */
public record BucketKeys(String all, String writes) {

    /** The buckets of principal {@code caller} of {@code tenant} (a tenant id holds no colon). */
    static BucketKeys principal(String prefix, String tenant, String caller) {
        return of(prefix, "principal:" + tenant + ":" + caller);
    }

    /** The buckets of the requests from {@code address} that no principal was found for. */
    static BucketKeys address(String prefix, String address) {
        return of(prefix, "address:" + address);
    }

    private static BucketKeys of(String prefix, String caller) {
        String tagged = prefix + "{" + caller + "}:";
        return new BucketKeys(tagged + "all", tagged + "writes");
    }
}
