package io.datably.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The road through the code, as rules the build checks: resource → use case → parse → plan → provider, one package
 * per capability, no package cycles. README's "Layout" section says the same in words; change both together.
 */
class LayoutTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.datably");

    /** More than this many classes in one package and a newcomer can no longer see what it is for. */
    private static final int MAX_CLASSES_PER_PACKAGE = 20;

    @Test
    void useCasePackagesOnlyMeetThroughTheirOwnEntryPoints() {
        layeredArchitecture().consideringOnlyDependenciesInAnyPackage("io.datably..")
                .layer("entry points").definedBy("io.datably.api..", "io.datably.health..", "io.datably.console..")
                .layer("catalog use cases").definedBy("io.datably.service.catalog..")
                .layer("schema evolution").definedBy("io.datably.service.evolution..")
                .layer("record use cases").definedBy("io.datably.service.records..")
                .layer("TreeQL").definedBy("io.datably.service.treeql..")
                .layer("data operations").definedBy("io.datably.service.dataops..", "io.datably.service.transfer..",
                        "io.datably.service.audit..", "io.datably.service.batch..",
                        "io.datably.service.hierarchy..", "io.datably.service.graph..")
                .layer("shared by use cases").definedBy("io.datably.service", "io.datably.service.tables..")
                .layer("security").definedBy("io.datably.security..")
                .layer("authorization").definedBy("io.datably.authz..")
                .layer("rate limits").definedBy("io.datably.ratelimit..")
                .layer("foundation").definedBy("io.datably.catalog..", "io.datably.query..", "io.datably.schema..",
                        "io.datably.provider..", "io.datably.tenant..", "io.datably.error..", "io.datably.config..",
                        "io.datably.observe..")
                .whereLayer("entry points").mayNotBeAccessedByAnyLayer()
                // JAX-RS filters around every request: nothing calls them.
                .whereLayer("rate limits").mayNotBeAccessedByAnyLayer()
                .whereLayer("catalog use cases").mayOnlyBeAccessedByLayers("entry points")
                // A schema change of a materialized table is a migration, and the catalog records each change.
                .whereLayer("schema evolution").mayOnlyBeAccessedByLayers("entry points", "catalog use cases")
                // TreeQL is a dialect over the record use cases.
                .whereLayer("record use cases").mayOnlyBeAccessedByLayers("entry points", "TreeQL", "data operations")
                // Data operations (dataops: soft delete, bulk changes, upserts; transfer: import, export, schema
                // inference; audit: reading the audit trail; batch: atomic batches over the record use cases,
                // upserts and deletes; graph: walks over a table's records and its edges table) build on the record
                // use cases; TreeQL deletes through them.
                .whereLayer("data operations").mayOnlyBeAccessedByLayers("entry points", "TreeQL")
                .whereLayer("TreeQL").mayOnlyBeAccessedByLayers("entry points")
                .whereLayer("shared by use cases").mayOnlyBeAccessedByLayers("entry points", "catalog use cases",
                        "schema evolution", "record use cases", "TreeQL", "data operations")
                // Who calls, for which tenant, what they may do: asked by the entry points and the use cases.
                .whereLayer("security").mayOnlyBeAccessedByLayers("entry points", "catalog use cases",
                        "schema evolution", "record use cases", "TreeQL", "data operations", "shared by use cases",
                        "authorization",
                        "rate limits")
                // What the caller may do: catalog actions checked at the entry points, row filters and record
                // checks by the record use cases.
                .whereLayer("authorization").mayOnlyBeAccessedByLayers("entry points", "record use cases")
                .check(CLASSES);
    }

    @Test
    void useCasesReachStoresOnlyThroughTheProviderInterface() {
        noClasses().that().resideInAPackage("io.datably.service..")
                .should().dependOnClassesThat().resideInAnyPackage("io.datably.provider.sql..",
                        "io.datably.provider.pgflat..", "io.datably.provider.pgjsonb..", "io.datably.provider.mongo..")
                .check(CLASSES);
    }

    /**
     * One known cycle is let through until it is untangled: the providers take the planner's bound queries
     * ({@code query.plan}), and the planner reads {@code provider.spi}'s capabilities, relations and table descriptors.
     */
    @Test
    void noCyclesBetweenTopLevelPackages() {
        slices().matching("io.datably.(*)..").should().beFreeOfCycles()
                .ignoreDependency(resideInAPackage("io.datably.query.."), resideInAPackage("io.datably.provider.spi"))
                .check(CLASSES);
    }

    @Test
    void noCyclesBetweenServicePackages() {
        slices().matching("io.datably.service.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noPackageIsACrowd() {
        Map<String, Long> crowded = CLASSES.stream()
                .filter(c -> c.isTopLevelClass() && !c.getSimpleName().equals("package-info"))
                .collect(Collectors.groupingBy(JavaClass::getPackageName, TreeMap::new, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > MAX_CLASSES_PER_PACKAGE)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Map.of(), crowded, "packages with more than " + MAX_CLASSES_PER_PACKAGE + " classes");
    }
}
