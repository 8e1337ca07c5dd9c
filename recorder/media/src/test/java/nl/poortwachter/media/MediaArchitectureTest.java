package nl.poortwachter.media;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The media module's two rules (docs/decisions.md D20): the JDK and nothing else, and no package cycles. */
@AnalyzeClasses(packages = "nl.poortwachter.media", importOptions = ImportOption.DoNotIncludeTests.class)
class MediaArchitectureTest {
    @ArchTest
    static final ArchRule jdkOnly = classes().should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "nl.poortwachter.media..")
            .because("the media module is how video is carried and stored, usable without FFmpeg or the recorder");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("nl.poortwachter.(**)").should().beFreeOfCycles();
}
