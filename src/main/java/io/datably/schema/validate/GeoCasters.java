package io.datably.schema.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Casts for geopoint (always to {"lon", "lat"}) and geojson (a basic RFC 7946 / TopoJSON shape check). */
final class GeoCasters {

    private static final String COORD = "([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))";
    private static final Pattern LON_LAT = Pattern.compile("\\s*" + COORD + "\\s*,\\s*" + COORD + "\\s*");
    private static final BigDecimal LON_MAX = BigDecimal.valueOf(180);
    private static final BigDecimal LAT_MAX = BigDecimal.valueOf(90);
    private static final Set<String> GEOMETRIES =
            Set.of("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon");

    private GeoCasters() {
    }

    static JsonNode geopoint(String format, JsonNode raw) {
        BigDecimal lon;
        BigDecimal lat;
        switch (format) {
            case "array" -> {
                JsonNode a = raw.isTextual() ? Json.parse(raw.textValue()) : raw;
                if (!a.isArray() || a.size() != 2 || !a.get(0).isNumber() || !a.get(1).isNumber()) {
                    throw new IllegalArgumentException("expected a geopoint [lon, lat], got " + Json.show(raw));
                }
                lon = Json.decimal(a.get(0));
                lat = Json.decimal(a.get(1));
            }
            case "object" -> {
                JsonNode o = raw.isTextual() ? Json.parse(raw.textValue()) : raw;
                if (!o.isObject() || o.size() != 2 || !o.path("lon").isNumber() || !o.path("lat").isNumber()) {
                    throw new IllegalArgumentException("expected a geopoint {\"lon\", \"lat\"}, got " + Json.show(raw));
                }
                lon = Json.decimal(o.get("lon"));
                lat = Json.decimal(o.get("lat"));
            }
            default -> {
                Matcher m = raw.isTextual() ? LON_LAT.matcher(raw.textValue()) : null;
                if (m == null || !m.matches()) {
                    throw new IllegalArgumentException("expected a geopoint \"lon, lat\", got " + Json.show(raw));
                }
                lon = new BigDecimal(m.group(1));
                lat = new BigDecimal(m.group(2));
            }
        }
        // Not spelled out by the spec but enforced by the reference; it catches swapped coordinates.
        if (lon.abs().compareTo(LON_MAX) > 0 || lat.abs().compareTo(LAT_MAX) > 0) {
            throw new IllegalArgumentException("geopoint out of range (lon -180..180, lat -90..90): " + Json.show(raw));
        }
        ObjectNode point = Json.NODES.objectNode();
        point.set("lon", DecimalNode.valueOf(lon));
        point.set("lat", DecimalNode.valueOf(lat));
        return point;
    }

    static JsonNode geojson(String format, JsonNode raw) {
        JsonNode o = raw.isTextual() ? Json.parse(raw.textValue()) : raw;
        if (!o.isObject()) {
            throw new IllegalArgumentException("expected a GeoJSON object, got " + Json.show(raw));
        }
        String problem = format.equals("topojson") ? topology(o) : geoJson(o);
        if (problem != null) {
            throw new IllegalArgumentException("not " + (format.equals("topojson") ? "TopoJSON" : "GeoJSON")
                    + ": " + problem);
        }
        return o;
    }

    private static String topology(JsonNode o) {
        if (!"Topology".equals(o.path("type").asText(null))) {
            return "type must be \"Topology\"";
        }
        return o.path("objects").isObject() ? null : "\"objects\" must be an object";
    }

    /** The first problem found, or null. Checks member presence and coordinate nesting, not ring orientation. */
    private static String geoJson(JsonNode o) {
        String type = o.path("type").isTextual() ? o.get("type").textValue() : null;
        if (type == null) {
            return "missing \"type\"";
        }
        switch (type) {
            case "Feature" -> {
                if (!o.has("geometry") || !o.has("properties")) {
                    return "a Feature needs \"geometry\" and \"properties\" members";
                }
                if (!o.get("properties").isNull() && !o.get("properties").isObject()) {
                    return "Feature \"properties\" must be an object or null";
                }
                return o.get("geometry").isNull() ? null : geometry(o.get("geometry"));
            }
            case "FeatureCollection" -> {
                JsonNode features = o.get("features");
                if (features == null || !features.isArray()) {
                    return "a FeatureCollection needs a \"features\" array";
                }
                for (JsonNode f : features) {
                    String p = f.isObject() && "Feature".equals(f.path("type").asText(null)) ? geoJson(f)
                            : "every feature must be a Feature object";
                    if (p != null) {
                        return p;
                    }
                }
                return null;
            }
            default -> {
                return geometry(o);
            }
        }
    }

    private static String geometry(JsonNode g) {
        String type = g.isObject() && g.path("type").isTextual() ? g.get("type").textValue() : null;
        if ("GeometryCollection".equals(type)) {
            JsonNode geometries = g.get("geometries");
            if (geometries == null || !geometries.isArray()) {
                return "a GeometryCollection needs a \"geometries\" array";
            }
            for (JsonNode child : geometries) {
                String p = geometry(child);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (type == null || !GEOMETRIES.contains(type)) {
            return "unknown geometry type " + (type == null ? "(none)" : type);
        }
        JsonNode c = g.get("coordinates");
        boolean ok = switch (type) {
            case "Point" -> position(c);
            case "MultiPoint" -> all(c, GeoCasters::position, 0);
            case "LineString" -> all(c, GeoCasters::position, 2);
            case "MultiLineString" -> all(c, line -> all(line, GeoCasters::position, 2), 0);
            case "Polygon" -> all(c, GeoCasters::ring, 0);
            default -> all(c, polygon -> all(polygon, GeoCasters::ring, 0), 0); // MultiPolygon
        };
        return ok ? null : "invalid \"coordinates\" for " + type;
    }

    /** A position is 2 or 3 numbers (RFC 7946 allows an altitude; more elements SHOULD NOT be used). */
    private static boolean position(JsonNode p) {
        if (p == null || !p.isArray() || p.size() < 2 || p.size() > 3) {
            return false;
        }
        for (JsonNode n : p) {
            if (!n.isNumber()) {
                return false;
            }
        }
        return true;
    }

    /** A linear ring: at least four positions, closed (first equals last). */
    private static boolean ring(JsonNode r) {
        return all(r, GeoCasters::position, 4) && LogicalValues.equal(r.get(0), r.get(r.size() - 1));
    }

    private static boolean all(JsonNode a, java.util.function.Predicate<JsonNode> item, int minSize) {
        if (a == null || !a.isArray() || a.size() < minSize) {
            return false;
        }
        for (JsonNode n : a) {
            if (!item.test(n)) {
                return false;
            }
        }
        return true;
    }
}
