package io.datably.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Datably's own settings, under {@code datably.*} (environment: {@code DATABLY_...}). */
@ConfigMapping(prefix = "datably")
public interface DatablyConfig {

    /** How the tenant of a request is found. */
    Tenant tenant();

    /** Paging of catalog and record lists. */
    Paging paging();

    /** Schema changes: datatable migrations, index builds, table creation. */
    SchemaChanges schemaChanges();

    /**
     * Key that signs keyset-pagination cursors. Replicas must share it (else a cursor from one is refused by
     * another); when unset, each instance makes a random one at start-up.
     */
    @io.smallrye.config.WithName("cursor-secret")
    java.util.Optional<String> cursorSecret();

    /** HTTP limits of Datably's own. */
    Http http();

    /** The catalog's own tables. */
    Catalog catalog();

    interface Catalog {
        /**
         * Migrate the catalog at start when it is not current (one query tells; Liquibase runs only when a changeset
         * is missing). False where migrations run apart (Kubernetes: the migration Job): the instance then stays
         * unready until the catalog is current.
         */
        @WithDefault("true")
        boolean migrateAtStart();
    }

    interface Http {
        /**
         * The largest request body of every route but imports (whose limit is {@code datably.import.max-body-size}):
         * checked on {@code Content-Length} before the body is read, and while a chunked body is read.
         */
        @WithDefault("10240K")
        @io.smallrye.config.WithConverter(io.quarkus.runtime.configuration.MemorySizeConverter.class)
        io.quarkus.runtime.configuration.MemorySize maxBodySize();
    }

    /** Tenant resolution settings. */
    interface Tenant {
        /** Tenant used when a request names none (development and single-tenant installs). */
        @WithDefault("default")
        String defaultTenant();

        /**
         * Whether the {@code X-Tenant} header may choose the tenant in local mode. In enforced mode it is only checked:
         * naming another tenant than the token's is a 403.
         */
        @WithDefault("true")
        boolean headerEnabled();

        /** Enforced mode: the token claim holding the tenant id; a dotted path reads nested claims. */
        @WithDefault("tenant")
        String claim();

        /** Enforced mode: the tenant is the sub-domain of the request's host under this domain. */
        java.util.Optional<String> domain();

        /**
         * Enforced mode, single-tenant installs: the tenant of requests whose token and host name none. Unset, such
         * requests are refused (403).
         */
        java.util.Optional<String> singleTenant();
    }

    /** Who the caller is, read from the token. */
    Security security();

    /** The admin console's sign-in (enforced mode): README "Console sign-in". */
    Console console();

    interface Console {
        /**
         * The console's client at the default issuer ({@code quarkus.oidc.auth-server-url}): the authorization-code
         * flow of {@code /console/} signs in as this client (with PKCE), apart from the API's bearer tokens.
         */
        @WithDefault("datably-console")
        String clientId();

        /** The client's secret, for a confidential client; unset, the client is public (PKCE alone). */
        java.util.Optional<String> clientSecret();

        /**
         * Encrypts the console's session and sign-in state cookies (at least 32 characters). Replicas must share it,
         * or a session begun on one is refused by another; unset, the client secret does, else a random key made at
         * start (a restart then ends every console session).
         */
        java.util.Optional<String> sessionSecret();
    }

    interface Security {
        /** Claims (dotted paths) holding role names, united: Keycloak keeps realm roles in realm_access.roles. */
        @WithDefault("roles,realm_access.roles")
        java.util.List<String> roleClaims();

        /**
         * How long a verified bearer token is taken again without checking its signature and claims anew (never past
         * its expiry), for the same host and {@code X-Tenant}; 0 checks every request. A token cannot be revoked
         * anyway (it is valid until it expires); this only bounds how long a rotated-out signing key still works.
         */
        @WithDefault("30s")
        java.time.Duration verifiedTokenReuse();
    }

    /** Schema changes of one datatable, and Liquibase runs in one tenant schema, run one after the other. */
    interface SchemaChanges {
        /** How long a change waits for the one before it, then answers 409 with {@code Retry-After}. */
        @WithDefault("30s")
        java.time.Duration lockWait();

        /**
         * How many datatable changes one instance runs at once (each holds a connection for its lock); the others
         * wait, holding nothing. Liquibase runs are bounded by the JDBC pool instead.
         */
        @WithDefault("4")
        int maxConcurrent();
    }

    /** DRF-style page sizes. */
    interface Paging {
        /** Page size when the request gives none. */
        @WithDefault("50")
        int defaultPageSize();

        /** Largest page size a request may ask for. */
        @WithDefault("1000")
        int maxPageSize();
    }
}
