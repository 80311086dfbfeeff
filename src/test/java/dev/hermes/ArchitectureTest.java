package dev.hermes;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.hermes.failover.CircuitBreakers;
import dev.hermes.failover.ClientPool;
import dev.hermes.failover.PrefillSupport;
import dev.hermes.stream.StreamWatchdog;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package structure's rules, checked on the compiled production classes (their bytecode, so a
 * fully qualified name counts as much as an import): packages form no cycle, and the failover
 * takes its configuration typed, from the composition root.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.hermes");

    @Test
    void noTwoPackagesDependOnEachOtherEvenThroughOthers() {
        // every package is its own slice: a subpackage and its parent may not depend on each other both ways either
        slices().matching("dev.hermes.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theFailoverReadsNoConfiguration() {
        noClasses().that().resideInAPackage("dev.hermes.failover..")
                .should().dependOnClassesThat().resideInAPackage("dev.hermes.config..")
                .because("the composition root (dev.hermes.app) hands the failover a typed FailoverSettings")
                .check(MAIN);
    }

    @Test
    void theFailoversProcessWideMachineryIsPutTogetherOnlyInTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackage("dev.hermes.app..")
                .should().callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.name("shared"))
                        .and(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                                JavaClass.Predicates.belongToAnyOf(CircuitBreakers.class, ClientPool.class,
                                        StreamWatchdog.class, PrefillSupport.class)))))
                .because("chat, the kanban worker and the proxy share the breakers, pools and watchdog App hands out")
                .check(MAIN);
    }

    @Test
    void onlyTheFrontEndsAndTheCompositionRootSeeTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackages("dev.hermes.app..", "dev.hermes.cli..", "dev.hermes.proxy..")
                .should().dependOnClassesThat().resideInAPackage("dev.hermes.app..")
                .check(MAIN);
    }
}
