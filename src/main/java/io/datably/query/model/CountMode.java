package io.datably.query.model;

/** How the total of a list is counted: exactly, estimated from PostgreSQL statistics, or not at all. */
public enum CountMode { EXACT, PLANNED, NONE }
