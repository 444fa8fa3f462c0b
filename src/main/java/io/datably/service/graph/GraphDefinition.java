package io.datably.service.graph;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.TableDescriptor;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.ForeignKey;
import io.datably.schema.model.GraphConfig;
import io.datably.schema.model.TableSchema;
import io.datably.service.tables.DataSourceTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which records are a table's edges: the schema's {@code "datably:graph"} (checked here, against the tables as they are
 * now: the edges table may have been created after the node table), or else the one unambiguous candidate: a table
 * of the datasource with exactly two one-field foreign keys to the node table's key (source the first in schema
 * order, target the second; weight its numeric field {@code weight}, if any), or the node table's one self-reference
 * (source the record's own key, target the referenced one: out is towards the manager, the parent). Everything else
 * is a 400 saying what to declare.
 *
 * @param edges the edges table's name (the node table's own for a self-reference)
 */
record GraphDefinition(String edges, String source, String target, String weight) {
    private static final String PATH = "json_schema." + GraphConfig.SETTING;

    static GraphDefinition of(String nodeTable, DataSourceTables tables) {
        TableSchema nodes = tables.descriptor(nodeTable).schema();
        if (nodes.primaryKey().size() != 1) {
            throw new DatablyException(ErrorCode.INVALID_PARAMETER, "Datatable '" + nodeTable + "' cannot be walked "
                    + "as a graph: its nodes need a one-field primaryKey (it has " + nodes.primaryKey() + ")");
        }
        Optional<GraphConfig> declared = GraphConfig.of(nodes);
        return declared.isPresent() ? declared(nodeTable, nodes, declared.get(), tables) : inferred(nodeTable, tables);
    }

    private static GraphDefinition declared(String nodeTable, TableSchema nodes, GraphConfig graph,
                                            DataSourceTables tables) {
        TableDescriptor edges = tables.descriptor(graph.edges());
        if (edges == null) {
            throw invalid(PATH + ".edges", "unknown_table", "no active datatable '" + graph.edges()
                    + "' in this datasource holds the edges of '" + nodeTable + "'");
        }
        boolean self = graph.edges().equals(nodeTable);
        List<ProblemItem> problems = new ArrayList<>();
        for (String end : List.of("source", "target")) {
            String name = end.equals("source") ? graph.source() : graph.target();
            Optional<Field> field = edges.schema().field(name);
            if (field.isEmpty()) {
                problems.add(new ProblemItem(PATH + "." + end, "unknown_field", "datatable '" + graph.edges()
                        + "' has no field '" + name + "'"));
            } else if (!references(edges.schema(), name, nodeTable, graph.edges(), nodes)
                    && !(self && nodes.primaryKey().equals(List.of(name)))) {
                problems.add(new ProblemItem(PATH + "." + end, "not_a_reference", "field '" + name + "' of '"
                        + graph.edges() + "' is not a foreign key to the primaryKey of '" + nodeTable + "'"
                        + (self ? " (nor its key)" : "")));
            }
        }
        if (graph.weight() != null) {
            Optional<Field> weight = edges.schema().field(graph.weight());
            if (weight.isEmpty()) {
                problems.add(new ProblemItem(PATH + ".weight", "unknown_field", "datatable '" + graph.edges()
                        + "' has no field '" + graph.weight() + "'"));
            } else if (!numeric(weight.get())) {
                problems.add(new ProblemItem(PATH + ".weight", "not_a_number", "field '" + graph.weight() + "' is "
                        + weight.get().type().jsonName() + ": a weight must be an integer or number field"));
            }
        }
        if (!problems.isEmpty()) {
            throw new DatablyException(ErrorCode.INVALID_PARAMETER, "The graph of datatable '" + nodeTable
                    + "' (" + GraphConfig.SETTING + ") does not fit the tables: " + problems.get(0).field() + ": "
                    + problems.get(0).message(), problems);
        }
        return new GraphDefinition(graph.edges(), graph.source(), graph.target(), graph.weight());
    }

    private static GraphDefinition inferred(String nodeTable, DataSourceTables tables) {
        TableSchema nodes = tables.descriptor(nodeTable).schema();
        List<GraphDefinition> candidates = new ArrayList<>();
        for (String name : tables.names()) {
            TableSchema schema = tables.descriptor(name).schema();
            List<String> refs = new ArrayList<>();
            for (ForeignKey fk : schema.foreignKeys()) {
                if (fk.fields().size() == 1 && references(schema, fk.fields().get(0), nodeTable, name, nodes)) {
                    refs.add(fk.fields().get(0));
                }
            }
            if (name.equals(nodeTable)) {
                refs.forEach(ref -> candidates.add(new GraphDefinition(name, nodes.primaryKey().get(0), ref,
                        null)));
            } else if (refs.size() == 2) {
                String weight = schema.field("weight").filter(GraphDefinition::numeric).map(Field::name).orElse(null);
                candidates.add(new GraphDefinition(name, refs.get(0), refs.get(1), weight));
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        String how = "declare it in the schema of '" + nodeTable + "' as \"" + GraphConfig.SETTING
                + "\": {\"edges\": <table>, \"source\": <field>, \"target\": <field>, \"weight\": <field, optional>}";
        if (candidates.isEmpty()) {
            throw new DatablyException(ErrorCode.INVALID_PARAMETER, "Datatable '" + nodeTable + "' has no graph: no "
                    + "table of its datasource has exactly two foreign keys to it, and it has no self-reference; "
                    + how, List.of(new ProblemItem(PATH, "no_graph", "no edges table found")));
        }
        throw new DatablyException(ErrorCode.INVALID_PARAMETER, "The graph of datatable '" + nodeTable
                + "' is ambiguous: " + candidates.stream().map(c -> c.edges() + "(" + c.source() + " -> " + c.target()
                + ")").toList() + " could all be its edges; " + how, List.of(new ProblemItem(PATH, "ambiguous_graph",
                candidates.size() + " candidate edge relations")));
    }

    /** Whether {@code field} of table {@code table} is a one-field foreign key to the key of {@code nodeTable}. */
    private static boolean references(TableSchema schema, String field, String nodeTable, String table,
                                      TableSchema nodes) {
        for (ForeignKey fk : schema.foreignKeys()) {
            String target = fk.selfReference() ? table : fk.resource();
            if (fk.fields().equals(List.of(field)) && nodeTable.equals(target)
                    && fk.referenceFields().equals(nodes.primaryKey())) {
                return true;
            }
        }
        return false;
    }

    private static boolean numeric(Field field) {
        return field.type() == FieldType.INTEGER || field.type() == FieldType.NUMBER;
    }

    private static DatablyException invalid(String path, String code, String message) {
        return new DatablyException(ErrorCode.INVALID_PARAMETER, path + ": " + message,
                List.of(new ProblemItem(path, code, message)));
    }
}
