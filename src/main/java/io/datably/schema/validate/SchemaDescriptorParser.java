package io.datably.schema.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.ForeignKey;
import io.datably.schema.model.SearchConfig;
import io.datably.schema.model.SoftDelete;
import io.datably.schema.model.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates a Table Schema descriptor against every rule of FRICTIONLESS.md §8 (v1 and v2) and builds the model.
 * All problems are reported at once; the parser never throws, whatever the input.
 */
public final class SchemaDescriptorParser {

    private static final Set<String> FIELDS_MATCH = Set.of("exact", "equal", "subset", "superset", "partial");

    private static final String SEARCH = "datably:search";
    private static final Set<String> SEARCH_KEYS = Set.of("fields", "language");

    private final Problems problems = new Problems();
    // False for schemas already stored: settings checked only since a later version must not make them unreadable.
    private final boolean checkSettings;
    private final Set<String> names = new HashSet<>();
    // True when every field has a string name, so references to missing fields can be reported without cascades.
    private boolean fieldsValid;

    private SchemaDescriptorParser(boolean checkSettings) {
        this.checkSettings = checkSettings;
    }

    /** Parses and validates; {@code schema} is null whenever {@code problems} is not empty. */
    public static SchemaParseResult parse(JsonNode descriptor) {
        return parse(descriptor, true);
    }

    /**
     * Parses a schema the catalog already holds: as {@link #parse}, except that the service's own settings
     * ({@code datably:search}) are not checked. They were not always; where they do not fit, search ignores them.
     */
    public static SchemaParseResult parseStored(JsonNode descriptor) {
        return parse(descriptor, false);
    }

    private static SchemaParseResult parse(JsonNode descriptor, boolean checkSettings) {
        try {
            return new SchemaDescriptorParser(checkSettings).run(descriptor);
        } catch (RuntimeException | StackOverflowError e) {
            // Defensive: a bug (or absurdly deep nesting) must surface as a rejected schema, not a 500.
            return new SchemaParseResult(null,
                    List.of(new SchemaProblem("$", "internal", "descriptor could not be validated: " + e)));
        }
    }

    private SchemaParseResult run(JsonNode descriptor) {
        if (descriptor == null || !descriptor.isObject()) {
            problems.add("$", "type", "a Table Schema must be a JSON object");
            return new SchemaParseResult(null, problems.list());
        }
        boolean v1 = isV1(descriptor.get("$schema"));
        List<String> missing = FieldDescriptorParser.missingValues(descriptor.get("missingValues"),
                "$.missingValues", v1, problems);
        List<Field> fields = fields(descriptor.get("fields"), missing == null ? List.of("") : missing, v1);
        List<String> primaryKey = primaryKey(descriptor.get("primaryKey"));
        List<List<String>> uniqueKeys = uniqueKeys(descriptor.get("uniqueKeys"));
        List<ForeignKey> foreignKeys = foreignKeys(descriptor.get("foreignKeys"));
        JsonNode fieldsMatch = descriptor.get("fieldsMatch");
        if (fieldsMatch != null && !(fieldsMatch.isTextual() && FIELDS_MATCH.contains(fieldsMatch.textValue()))) {
            problems.add("$.fieldsMatch", fieldsMatch.isTextual() ? "invalid_value" : "type",
                    "fieldsMatch must be one of exact, equal, subset, superset, partial");
        }
        if (checkSettings) {
            search(descriptor.get(SEARCH), fields);
            softDelete(descriptor);
            graph(descriptor.get(io.datably.schema.model.GraphConfig.SETTING), fields);
            JsonNode audit = descriptor.get(TableSchema.AUDIT_SETTING);
            if (audit != null && !audit.isBoolean()) {
                problems.add("$." + TableSchema.AUDIT_SETTING, "type", TableSchema.AUDIT_SETTING
                        + " must be true or false");
            }
        }
        if (problems.count() > 0) {
            return new SchemaParseResult(null, problems.list());
        }
        return new SchemaParseResult(
                new TableSchema(fields, primaryKey, uniqueKeys, foreignKeys, (ObjectNode) descriptor), List.of());
    }

    /** An explicit 1.0 profile: both the old specs site URL and the datapackage.org 1.0 profile. */
    private boolean isV1(JsonNode schema) {
        if (schema == null) {
            return false;
        }
        if (!schema.isTextual()) {
            problems.add("$.$schema", "type", "$schema must be a string");
            return false;
        }
        String url = schema.textValue();
        return url.contains("/1.0/") || url.endsWith("specs.frictionlessdata.io/schemas/table-schema.json");
    }

    private List<Field> fields(JsonNode node, List<String> missing, boolean v1) {
        List<Field> fields = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            problems.add("$.fields", node == null ? "required" : node.isArray() ? "empty" : "type",
                    "fields must be a non-empty array of field descriptors");
            return fields;
        }
        fieldsValid = true;
        // Policy: duplicates are rejected, case-insensitively (the v1 rule), since records are JSON objects keyed
        // by name and SQL providers may fold case.
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "$.fields[" + i + "]";
            Field field = FieldDescriptorParser.parse(node.get(i), path, missing, v1, problems);
            fields.add(field);
            JsonNode name = node.get(i).path("name");
            fieldsValid &= name.isTextual();
            if (name.isTextual()) {
                names.add(name.textValue());
                String previous = seen.putIfAbsent(name.textValue().toLowerCase(Locale.ROOT), name.textValue());
                if (previous != null) {
                    problems.add(path + ".name", "duplicate_field", "field name '" + name.textValue()
                            + "' duplicates '" + previous + "' (names are compared case-insensitively)");
                }
            }
        }
        return fields;
    }

    private List<String> primaryKey(JsonNode node) {
        return node == null ? List.of() : nameList(node, "$.primaryKey", true, true);
    }

    private List<List<String>> uniqueKeys(JsonNode node) {
        List<List<String>> keys = new ArrayList<>();
        if (node == null) {
            return keys;
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.add("$.uniqueKeys", node.isArray() ? "empty" : "type", "uniqueKeys must be a non-empty array");
            return keys;
        }
        for (int i = 0; i < node.size(); i++) {
            keys.add(nameList(node.get(i), "$.uniqueKeys[" + i + "]", false, true));
        }
        return keys;
    }

    private List<ForeignKey> foreignKeys(JsonNode node) {
        List<ForeignKey> keys = new ArrayList<>();
        if (node == null) {
            return keys;
        }
        if (!node.isArray()) {
            problems.add("$.foreignKeys", "type", "foreignKeys must be an array");
            return keys;
        }
        for (int i = 0; i < node.size(); i++) {
            String path = "$.foreignKeys[" + i + "]";
            JsonNode fk = node.get(i);
            if (!fk.isObject()) {
                problems.add(path, "type", "a foreign key must be an object");
                continue;
            }
            List<String> local = required(fk, "fields", path) ? nameList(fk.get("fields"), path + ".fields", true, true)
                    : List.of();
            JsonNode ref = fk.get("reference");
            if (!required(fk, "reference", path)) {
                continue;
            }
            if (!ref.isObject()) {
                problems.add(path + ".reference", "type", "reference must be an object");
                continue;
            }
            JsonNode resource = ref.get("resource");
            if (resource != null && !resource.isTextual()) {
                problems.add(path + ".reference.resource", "type", "reference.resource must be a string");
                continue;
            }
            String target = resource == null ? null : resource.textValue();
            boolean self = target == null || target.isEmpty(); // "" (v1) or absent (v2)
            if (!required(ref, "fields", path + ".reference")) {
                continue;
            }
            List<String> remote = nameList(ref.get("fields"), path + ".reference.fields", true, self);
            if (!local.isEmpty() && !remote.isEmpty() && local.size() != remote.size()) {
                problems.add(path + ".reference.fields", "length_mismatch",
                        "reference.fields must have as many names as fields (" + local.size() + ")");
            }
            keys.add(new ForeignKey(local, target, remote));
        }
        return keys;
    }

    /**
     * {@code "datably:softDelete": true}: a boolean; the fields of a soft-delete table cannot use the marker's names
     * ({@link SoftDelete#RESERVED}).
     */
    private void softDelete(JsonNode descriptor) {
        JsonNode setting = descriptor.get(SoftDelete.SETTING);
        if (setting == null) {
            return;
        }
        if (!setting.isBoolean()) {
            problems.add("$." + SoftDelete.SETTING, "type", SoftDelete.SETTING + " must be true or false");
            return;
        }
        JsonNode fields = descriptor.get("fields");
        if (!setting.booleanValue() || fields == null || !fields.isArray()) {
            return;
        }
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).path("name").asText(null);
            if (name != null && SoftDelete.RESERVED.contains(name)) {
                problems.add("$.fields[" + i + "].name", "reserved", "'" + name + "' is reserved for the soft-delete "
                        + "marker of a table with " + SoftDelete.SETTING + "; rename the field");
            }
        }
    }

    /**
     * {@code "datably:graph": {"edges": ..., "source": ..., "target": ..., "weight": ...}}: names (non-empty strings),
     * edges, source and target required, weight optional, nothing else. Whether the edges table exists, and its fields
     * reference this table, is checked when a graph is walked (it may be created after this one); for a self-reference
     * (edges naming a field of this table is not knowable here) nothing more is checked either.
     */
    private void graph(JsonNode setting, List<Field> fields) {
        String name = io.datably.schema.model.GraphConfig.SETTING;
        String path = "$." + name;
        if (setting == null) {
            return;
        }
        if (!setting.isObject()) {
            problems.add(path, "type", name + " must be an object with edges, source, target and optionally "
                    + "weight");
            return;
        }
        setting.fieldNames().forEachRemaining(key -> {
            if (!io.datably.schema.model.GraphConfig.KEYS.contains(key)) {
                problems.add(path + "." + key, "unknown_property", "unknown graph setting '" + key
                        + "' (the settings are edges, source, target and weight)");
            }
        });
        for (String key : List.of("edges", "source", "target", "weight")) {
            JsonNode value = setting.get(key);
            if (value == null) {
                if (!key.equals("weight")) {
                    problems.add(path + "." + key, "required", key + " is required");
                }
            } else if (!value.isTextual() || value.textValue().isEmpty()) {
                problems.add(path + "." + key, "type", key + " must be a non-empty " + (key.equals("edges")
                        ? "datatable name" : "field name of the edges datatable"));
            }
        }
    }

    /**
     * {@code "datably:search": {"fields": [...], "language": "english"}}: the string fields searched (an empty list
     * turns search off) and one of PostgreSQL's text-search configurations; both optional, nothing else allowed.
     */
    private void search(JsonNode settings, List<Field> fields) {
        String path = "$." + SEARCH;
        if (settings == null) {
            return;
        }
        if (!settings.isObject()) {
            problems.add(path, "type", SEARCH + " must be an object with fields and language");
            return;
        }
        settings.fieldNames().forEachRemaining(key -> {
            if (!SEARCH_KEYS.contains(key)) {
                problems.add(path + "." + key, "unknown_property", "unknown search setting '" + key
                        + "' (the settings are fields and language)");
            }
        });
        JsonNode searched = settings.get("fields");
        if (searched != null && !searched.isArray()) {
            problems.add(path + ".fields", "type", "must be an array of names of string fields");
        } else if (searched != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < searched.size(); i++) {
                JsonNode name = searched.get(i);
                String ip = path + ".fields[" + i + "]";
                if (!name.isTextual()) {
                    problems.add(ip, "type", "a field name must be a string");
                } else if (!seen.add(name.textValue())) {
                    problems.add(ip, "duplicate_value", "field '" + name.textValue() + "' is listed twice");
                } else if (fieldsValid && !names.contains(name.textValue())) {
                    problems.add(ip, "unknown_field_reference", "no field named '" + name.textValue() + "'");
                } else {
                    fields.stream().filter(f -> f != null && f.name().equals(name.textValue())
                            && f.type() != FieldType.STRING).findFirst().ifPresent(f -> problems.add(ip,
                            "not_a_string_field", "field '" + f.name() + "' is " + f.type().jsonName()
                                    + ": only string fields are searched"));
                }
            }
        }
        JsonNode language = settings.get("language");
        if (language != null && !language.isTextual()) {
            problems.add(path + ".language", "type", "language must be a string");
        } else if (language != null && !SearchConfig.LANGUAGES.contains(language.textValue())) {
            problems.add(path + ".language", "invalid_value", "unknown text-search language '"
                    + language.textValue() + "'; one of " + new TreeSet<>(SearchConfig.LANGUAGES));
        }
    }

    private boolean required(JsonNode object, String name, String path) {
        if (object.get(name) == null) {
            problems.add(path + "." + name, "required", name + " is required");
            return false;
        }
        return true;
    }

    /**
     * A list of field names: non-empty, strings, no duplicates, each naming a field of this schema (checked only
     * when {@code mustExist} and every field had a name, to avoid cascades). Empty list when invalid.
     */
    private List<String> nameList(JsonNode node, String path, boolean allowString, boolean mustExist) {
        if (allowString && node.isTextual()) { // v1 string form
            checkExists(node.textValue(), path, mustExist);
            return List.of(node.textValue());
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.add(path, node.isArray() ? "empty" : "type", "must be a non-empty array of field names");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode name = node.get(i);
            String ip = path + "[" + i + "]";
            if (!name.isTextual()) {
                problems.add(ip, "type", "a field name must be a string");
            } else if (out.contains(name.textValue())) {
                problems.add(ip, "duplicate_value", "field '" + name.textValue() + "' is listed twice");
            } else {
                checkExists(name.textValue(), ip, mustExist);
                out.add(name.textValue());
            }
        }
        return out;
    }

    private void checkExists(String name, String path, boolean mustExist) {
        if (mustExist && fieldsValid && !names.contains(name)) {
            problems.add(path, "unknown_field_reference", "no field named '" + name + "'");
        }
    }
}
