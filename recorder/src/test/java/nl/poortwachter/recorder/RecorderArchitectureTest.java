package nl.poortwachter.recorder;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import nl.poortwachter.recorder.testing.PackageCycles;
import nl.poortwachter.recorder.testing.PackageCycles.Known;

/** The recorder's layout rules (docs/decisions.md D21). */
@AnalyzeClasses(packages = "nl.poortwachter", importOptions = ImportOption.DoNotIncludeTests.class)
class RecorderArchitectureTest {
    /** Cycles that exist today and have an owner; remove an entry when its cycle is gone. Nothing else may be added. */
    static final List<Known> KNOWN_CYCLES = List.of();

    @ArchTest
    static final ArchRule noPackageCycles = PackageCycles.none("nl.poortwachter", KNOWN_CYCLES);

    @ArchTest
    static final ArchRule recorderKnowsNothingOfHttp = noClasses().that().resideInAPackage("nl.poortwachter.recorder..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.poortwachter.gateway..", "io.vertx..", "io.netty..")
            .because("data flows one way: the gateway reads from the recorder, the recorder knows nothing of HTTP");
}
