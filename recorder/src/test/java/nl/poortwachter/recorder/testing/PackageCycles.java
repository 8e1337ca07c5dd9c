package nl.poortwachter.recorder.testing;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.library.dependencies.SliceRule;
import java.util.List;

/**
 * "No package cycles", one slice per package (a sub-package is a package of its own), with the cycles still
 * known by name: each {@link Known} entry lets its edges pass until its owner removes them. A new cycle fails at
 * once; a known one fails as soon as its entry goes.
 */
public final class PackageCycles {
    private PackageCycles() {
    }

    /** A known cycle: its name, who removes it, and the dependencies ("from -> to", packages) that close it. */
    public record Known(String name, String owner, List<String> edges) {
    }

    public static SliceRule none(String rootPackage, List<Known> known) {
        SliceRule rule = slices().matching(rootPackage + ".(**)").should().beFreeOfCycles();
        for (Known k : known) {
            for (String edge : k.edges()) {
                String[] fromTo = edge.split("->");
                rule = rule.ignoreDependency(resideInAPackage(rootPackage + "." + fromTo[0].strip()),
                        resideInAPackage(rootPackage + "." + fromTo[1].strip()));
            }
        }
        return rule;
    }
}
