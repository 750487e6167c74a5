package org.virtharden.project;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The house rules that concern this package: JDBC lives here only, and it prints nothing. */
class ProjectBoundariesTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.virtharden");
    }

    @Test
    void jdbcAndTheSqliteDriverAreUsedOnlyInProject() {
        noClasses().that().resideOutsideOfPackage("org.virtharden.project..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..")
                .because("JDBC has one home: the project package")
                .check(main);
    }

    @Test
    void projectDependsOnlyOnModelCatalogAndTheDriver() {
        classes().that().resideInAPackage("org.virtharden.project..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.sqlite..",
                        "org.virtharden.project..", "org.virtharden.model..", "org.virtharden.catalog..")
                .check(main);
    }

    @Test
    void projectDoesNotPrint() {
        noClasses().that().resideInAPackage("org.virtharden.project..")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .check(main);
    }
}
