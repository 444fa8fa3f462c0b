package io.datably.authz;

/** What policies are written for: the catalog's three levels and the records of a table. */
public enum Kind {
    APP, DATASOURCE, DATATABLE, RECORD;

    /** The resource kind as policies name it ({@code resource: datatable}). */
    public String policyName() {
        return name().toLowerCase();
    }
}
