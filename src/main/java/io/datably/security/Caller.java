package io.datably.security;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Who sends a request: the token's subject, its roles, and every claim as an attribute (what policies compare records
 * with, e.g. {@code department}). In local mode, {@link #LOCAL}.
 */
public record Caller(String id, Set<String> roles, ObjectNode attributes) {
    public static final Caller LOCAL = new Caller("local", Set.of("admin"), JsonNodeFactory.instance.objectNode());

    public Caller {
        roles = Set.copyOf(roles);
    }
}
