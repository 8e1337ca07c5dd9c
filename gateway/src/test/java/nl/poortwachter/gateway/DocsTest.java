package nl.poortwachter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nl.poortwachter.recorder.testing.ProjectFiles;
import org.junit.jupiter.api.Test;

/**
 * The map a newcomer reads first stays true: the README's "What is where" names every package of each module and
 * no package that does not exist, every document in docs/ is named in the README, and what the README and the
 * glossary point at (files, folders, classes) exists. (That every route is in openapi.yaml is checked by
 * {@code OpenApiDocumentTest.everyRouteIsDocumentedAndEveryDocumentedOperationRouted}.)
 */
class DocsTest {
    private static final Path ROOT = ProjectFiles.root();
    /** A README row's first cell, and the root package its package names are relative to. */
    private static final Map<String, Module> MODULES = Map.of(
            "`recorder/media/`", new Module("recorder/media", "nl.poortwachter.media"),
            "`recorder/`", new Module("recorder", "nl.poortwachter.recorder"),
            "`gateway/`", new Module("gateway", "nl.poortwachter.gateway"));
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)*");
    private static final Pattern DOC = Pattern.compile("docs/[A-Za-z0-9_-]+\\.md");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*");

    private record Module(String folder, String rootPackage) {
        /** Its packages, relative to the root package ("" for the root itself). */
        Set<String> packages() throws IOException {
            Path java = ROOT.resolve(folder).resolve("src/main/java");
            Path rootDir = java.resolve(rootPackage.replace('.', '/'));
            try (Stream<Path> files = Files.walk(rootDir)) {
                return files.filter(p -> p.toString().endsWith(".java"))
                        .map(p -> rootDir.relativize(p.getParent()).toString().replace('/', '.'))
                        .collect(Collectors.toCollection(TreeSet::new));
            }
        }
    }

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

    /** The text outside fenced code blocks (commands there name build output that need not exist). */
    private static String prose(String markdown) {
        return markdown.replaceAll("(?s)```.*?```", "");
    }

    @Test
    void whatIsWhereNamesEveryPackageAndOnlyPackagesThatExist() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String row : readme().lines().filter(l -> l.startsWith("| `")).toList()) {
            String[] cells = row.split("\\|");
            Module module = MODULES.get(cells[1].strip());
            if (module == null) {
                continue;
            }
            Set<String> named = new TreeSet<>();
            Matcher m = CODE.matcher(cells[2]);
            while (m.find()) {
                if (PACKAGE_NAME.matcher(m.group(1)).matches()) {
                    named.add(m.group(1));
                }
            }
            Set<String> existing = module.packages();
            for (String p : named) {
                if (!existing.contains(p)) {
                    problems.add(module.folder() + ": the README names `" + p + "`, which is no package of it");
                }
            }
            for (String p : existing) {
                if (!p.isEmpty() && !named.contains(p)) {
                    problems.add(module.folder() + ": package " + module.rootPackage() + "." + p + " is not in the README");
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(readme().contains("| `recorder/media/` |") && readme().contains("| `recorder/` |")
                && readme().contains("| `gateway/` |"), "the table has a row per module");
    }

    @Test
    void everyDocumentIsInTheReadmeAndEveryDocumentItNamesExists() throws IOException {
        String readme = readme();
        Set<String> named = new TreeSet<>();
        Matcher m = DOC.matcher(readme);
        while (m.find()) {
            named.add(m.group());
        }
        List<String> problems = new ArrayList<>();
        for (String doc : named) {
            if (!Files.isRegularFile(ROOT.resolve(doc))) {
                problems.add("the README names " + doc + ", which does not exist");
            }
        }
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.map(p -> "docs/" + p.getFileName()).filter(d -> d.endsWith(".md")).filter(d -> !named.contains(d))
                    .forEach(d -> problems.add(d + " is not named in the README"));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void pathsAndClassesInTheReadmeAndTheGlossaryExist() throws IOException {
        Set<String> classes;
        try (Stream<Path> files = Files.walk(ROOT)) {
            classes = files.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/target/"))
                    .map(p -> p.getFileName().toString().replace(".java", "")).collect(Collectors.toSet());
        }
        List<String> problems = new ArrayList<>();
        for (String doc : List.of("README.md", "docs/glossary.md")) {
            Matcher m = CODE.matcher(prose(Files.readString(ROOT.resolve(doc))));
            while (m.find()) {
                String code = m.group(1);
                if (isRepositoryPath(code) && !Files.exists(ROOT.resolve(code))) {
                    problems.add(doc + " names `" + code + "`, which does not exist");
                }
                String type = code.split("[.#(]")[0];
                if (doc.endsWith("glossary.md") && CLASS_NAME.matcher(type).matches() && !classes.contains(type)) {
                    problems.add(doc + " names the class `" + type + "`, which does not exist");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * A file or folder of this repository, as the docs write one: from a top-level folder of it, with a slash, nothing
     * left out or to fill in ({@code recorder/…/database/}, {@code data/<camera>/…} and {@code ./data}, the running
     * gateway's folder, are not).
     */
    private static boolean isRepositoryPath(String code) {
        return code.contains("/") && !code.startsWith("/") && !code.startsWith(".") && !code.contains(" ")
                && !code.contains("://") && !code.contains("...") && !code.matches(".*[:*?<>{}…=].*")
                && ROOT.resolve(code.split("/")[0]).toFile().exists();
    }
}
