package io.datably.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Hierarchy and graph traversals (ancestors, descendants, trees, graph walks), under {@code datably.traversal.*}
 * (environment: {@code DATABLY_TRAVERSAL_...}): what keeps a walk over large or cyclic data bounded.
 */
@ConfigMapping(prefix = "datably.traversal")
public interface TraversalConfig {

    /** The depth a traversal goes to when the request names none ({@code max_depth}). */
    @WithDefault("10")
    int defaultDepth();

    /** The deepest a request may ask for; more is a 400 naming {@code max_depth}. */
    @WithDefault("100")
    int maxDepth();

    /** The most nodes one traversal visits ({@code limit} may ask fewer); the answer says when it was truncated. */
    @WithDefault("10000")
    int maxNodes();

    /** How long one traversal statement may run before PostgreSQL cancels it (then 503 naming the timeout). */
    @WithDefault("5s")
    Duration statementTimeout();
}
