package org.virtharden.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of docs/decisions/0002 and the style guide, enforced on the compiled classes. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.virtharden");
    }

    @Test
    void javafxOnlyInUi() {
        noClasses().that().resideOutsideOfPackage("org.virtharden.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..")
                .check(classes);
    }

    @Test
    void picocliAndStdoutOnlyInCli() {
        noClasses().that().resideOutsideOfPackage("org.virtharden.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..").check(classes);
        noClasses().that().resideOutsideOfPackages("org.virtharden.cli..", "org.virtharden.app..")
                .should().accessField(System.class, "out").check(classes);
        noClasses().that().resideOutsideOfPackages("org.virtharden.cli..", "org.virtharden.app..")
                .should().accessField(System.class, "err").check(classes);
    }

    @Test
    void eachLibraryHasOneHome() {
        noClasses().that().resideOutsideOfPackage("org.virtharden.transport..")
                .should().dependOnClassesThat().resideInAPackage("com.jcraft..").check(classes);
        noClasses().that().resideOutsideOfPackage("org.virtharden.project..")
                .should().dependOnClassesThat().resideInAPackage("java.sql..").check(classes);
        noClasses().that().resideOutsideOfPackage("org.virtharden.inventory..")
                .should().dependOnClassesThat().resideInAPackage("org.libvirt..").check(classes);
        noClasses().that().resideOutsideOfPackage("org.virtharden.report..")
                .should().dependOnClassesThat().resideInAnyPackage("com.openhtmltopdf..", "org.apache.pdfbox..")
                .check(classes);
    }

    @Test
    void layersPointDownward() {
        noClasses().that().resideInAnyPackage("org.virtharden.catalog..", "org.virtharden.transport..",
                        "org.virtharden.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.virtharden.scan..", "org.virtharden.project..",
                        "org.virtharden.service..", "org.virtharden.cli..", "org.virtharden.ui..", "org.virtharden.app..")
                .check(classes);
        noClasses().that().resideInAPackage("org.virtharden.transport..")
                .should().dependOnClassesThat().resideInAPackage("org.virtharden.catalog..").check(classes);
        noClasses().that().resideInAPackage("org.virtharden.scan..")
                .should().dependOnClassesThat().resideInAnyPackage("org.virtharden.project..", "org.virtharden.service..",
                        "org.virtharden.cli..", "org.virtharden.ui..")
                .check(classes);
        noClasses().that().resideInAPackage("org.virtharden.project..")
                .should().dependOnClassesThat().resideInAnyPackage("org.virtharden.scan..", "org.virtharden.transport..",
                        "org.virtharden.service..", "org.virtharden.cli..", "org.virtharden.ui..")
                .check(classes);
        noClasses().that().resideInAnyPackage("org.virtharden.cli..", "org.virtharden.ui..")
                .should().dependOnClassesThat().resideInAPackage("org.virtharden.app..").check(classes);
        noClasses().that().resideInAPackage("org.virtharden.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.virtharden.ui..").check(classes);
        noClasses().that().resideInAPackage("org.virtharden.ui..")
                .should().dependOnClassesThat().resideInAPackage("org.virtharden.cli..").check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.virtharden.(*)..").should().beFreeOfCycles().check(classes);
    }
}
