package dev.obra.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.obra.orchestrator.decision.Decision;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of STYLE.md that the compiler cannot check, over core's compiled classes. */
class ArchitectureTest {
    /** The packages users program against; {@code ""} is the root package alone. */
    private static final String[] API = {
        "dev.obra.orchestrator",
        "dev.obra.orchestrator.agent",
        "dev.obra.orchestrator.llm",
        "dev.obra.orchestrator.quality",
        "dev.obra.orchestrator.decision",
        "dev.obra.orchestrator.breakpoint",
        "dev.obra.orchestrator.event",
        "dev.obra.orchestrator.store",
        "dev.obra.orchestrator.workspace"
    };

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.obra.orchestrator");
        assertThat(core.size()).as("core classes imported").isGreaterThan(100);
    }

    @Test
    void theSubpackagesDependOnEachOtherWithoutCycles() {
        slices().matching("dev.obra.orchestrator.(**)")
                .should()
                .beFreeOfCycles()
                .check(core);
    }

    @Test
    void apiPackagesUseNoAdapterAndNoWireLibrary() {
        noClasses()
                .that()
                .resideInAnyPackage(API)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "okhttp3..",
                        "okio..",
                        "com.squareup.moshi..",
                        "org.apache.commons.exec..",
                        "org.jooq..",
                        "dev.obra.orchestrator.agent.claude..",
                        "dev.obra.orchestrator.llm.ollama..",
                        "dev.obra.orchestrator.llm.openai..",
                        "dev.obra.orchestrator.sqlite..")
                .check(core);
    }

    @Test
    void adaptersDoNotUseEachOther() {
        noClasses()
                .that()
                .resideInAPackage("dev.obra.orchestrator.agent.claude..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.obra.orchestrator.llm..")
                .check(core);
        noClasses()
                .that()
                .resideInAPackage("dev.obra.orchestrator.llm..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.obra.orchestrator.agent..")
                .check(core);
    }

    @Test
    void theGitAdapterKnowsNothingOfTheWorkspaceOrTheLoop() {
        noClasses()
                .that()
                .resideInAPackage("dev.obra.orchestrator.workspace.git..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.obra.orchestrator", "dev.obra.orchestrator.workspace", "dev.obra.orchestrator.store..")
                .check(core);
    }

    @Test
    void internalsAreSplitByConcern() {
        noClasses()
                .should()
                .resideInAPackage("dev.obra.orchestrator.internal")
                .because("every internal class belongs to a concern-named subpackage")
                .check(core);
    }

    @Test
    void onlyTheLoopReachesIntoTheEvidenceInternals() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.obra.orchestrator", "dev.obra.orchestrator.internal..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.obra.orchestrator.internal.evidence..")
                .check(core);
    }

    @Test
    void theSetOfDecisionsIsPinned() {
        assertThat(Decision.class.getPermittedSubclasses())
                .extracting(Class::getSimpleName)
                .containsExactlyInAnyOrder("Proceed", "Retry", "Clarify", "Escalate", "Abort");
    }
}
