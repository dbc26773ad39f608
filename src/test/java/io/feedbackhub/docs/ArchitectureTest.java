package io.feedbackhub.docs;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.feedbackhub.app.FeedbackHub;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The package layers of docs/architecture.md hold in the compiled main classes: the test reads the table there (so the
 * page and the rule cannot drift apart) and checks every dependency between our packages against it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchitectureTest {
    static final Path PAGE = Path.of("docs", "architecture.md");
    static final String ROOT = "io.feedbackhub";

    JavaClasses main;
    List<Layer> layers;

    /** One row of the table: a package and what it may use. */
    record Layer(String name, List<String> mayUse) {
        /** {@code dialect.<vendor>} is each vendor's package; a package with layers below it is that package alone. */
        String[] packageIdentifiers(List<Layer> all) {
            if (name.endsWith(".<vendor>")) {
                return new String[] {ROOT + "." + name.replace(".<vendor>", ".*..")};
            }
            boolean hasSubLayers = all.stream().anyMatch(other -> other.name.startsWith(name + "."));
            return new String[] {ROOT + "." + name + (hasSubLayers ? "" : "..")};
        }

        boolean mayUseEverything() {
            return mayUse.equals(List.of("every package"));
        }
    }

    @BeforeAll
    void read() throws IOException, URISyntaxException {
        // the main classes' own folder: ArchUnit's DO_NOT_INCLUDE_TESTS knows only target/test-classes, not -DbuildDir
        var mainClasses = Path.of(FeedbackHub.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        main = new ClassFileImporter().importPath(mainClasses);
        layers = table(Files.readString(PAGE));
        assertFalse(main.isEmpty(), "no main classes under " + ROOT);
    }

    static List<Layer> table(String page) {
        int start = page.indexOf("<!-- layers");
        int end = page.indexOf("<!-- /layers -->");
        if (start < 0 || end < start) {
            throw new AssertionError(PAGE + " has no <!-- layers --> ... <!-- /layers --> table");
        }
        var rows = new ArrayList<Layer>();
        for (var line : page.substring(start, end).lines().toList()) {
            if (!line.startsWith("| `")) {
                continue;
            }
            var cells = line.split("\\|", -1);
            if (cells.length < 5) {
                throw new AssertionError(PAGE + ": a layer row has three cells (package, holds, may use): " + line);
            }
            rows.add(new Layer(names(cells[1]).get(0),
                    cells[3].strip().equals("every package") ? List.of("every package") : names(cells[3])));
        }
        return rows;
    }

    private static List<String> names(String cell) {
        var names = new ArrayList<String>();
        var matcher = Pattern.compile("`([^`]+)`").matcher(cell);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    @Test
    void every_package_uses_only_the_packages_its_row_lists_and_every_package_has_a_row() {
        var architecture = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture();
        for (var layer : layers) {
            architecture = architecture.layer(layer.name()).definedBy(layer.packageIdentifiers(layers));
        }
        for (var layer : layers) {
            if (layer.mayUseEverything()) {
                continue;
            }
            var allowed = layer.mayUse();
            architecture = allowed.isEmpty()
                    ? architecture.whereLayer(layer.name()).mayNotAccessAnyLayer()
                    : architecture.whereLayer(layer.name()).mayOnlyAccessLayers(allowed.toArray(String[]::new));
        }
        architecture.check(main);
    }

    @Test
    void no_two_packages_use_each_other() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(main);
    }

    /** Caffeine backs core.VersionedCache, the key and config caches; nothing else from outside the JDK. */
    @Test
    void core_uses_nothing_but_the_jdk_and_caffeine() {
        classes().that().resideInAPackage(ROOT + ".core..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", ROOT + ".core..", "com.github.benmanes.caffeine..").check(main);
    }

    @Test
    void no_vendors_dialect_uses_another_vendors() {
        slices().matching(ROOT + ".dialect.(*)..").should().notDependOnEachOther().check(main);
    }

    @Test
    void jdbc_is_used_in_store_only() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".store..")
                .and().doNotHaveFullyQualifiedName(ROOT + ".app.Main")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .check(main);
    }
}
