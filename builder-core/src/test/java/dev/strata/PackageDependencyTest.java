package dev.strata;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package-dependency rule of builder-core, written once and enforced here instead of in a
 * comment that drifts. Each package may use the root package {@code dev.strata} (StrataException,
 * Digest), {@code fs} (file-system primitives) and the packages listed for it; everything flows
 * down the build: syntax, then planning, then the cache and execution, then the facades in {@code
 * api}.
 */
class PackageDependencyTest {
  /** Package -> the strata packages it may depend on (besides itself and the root package). */
  static final Map<String, List<String>> ALLOWED = new LinkedHashMap<>();

  static {
    ALLOWED.put("fs", List.of());
    ALLOWED.put("dockerfile", List.of());
    ALLOWED.put("context", List.of());
    ALLOWED.put("image", List.of());
    ALLOWED.put("plan", List.of("dockerfile", "image"));
    ALLOWED.put("layer", List.of("image"));
    ALLOWED.put("store", List.of("image", "layer"));
    ALLOWED.put("cache", List.of("dockerfile", "plan", "context", "image", "layer", "store"));
    ALLOWED.put("driver", List.of("image", "layer", "store"));
    ALLOWED.put("exec", List.of("image", "layer", "store", "driver"));
    ALLOWED.put("volume", List.of("image", "layer", "store"));
    ALLOWED.put("registry", List.of("image", "layer", "store"));
    ALLOWED.put(
        "container", List.of("dockerfile", "image", "layer", "store", "driver", "exec", "volume"));
    ALLOWED.put(
        "solver",
        List.of(
            "dockerfile",
            "context",
            "plan",
            "cache",
            "image",
            "layer",
            "store",
            "driver",
            "exec",
            "volume",
            "registry"));
    ALLOWED.put(
        "api",
        List.of(
            "dockerfile",
            "context",
            "plan",
            "cache",
            "image",
            "layer",
            "store",
            "driver",
            "exec",
            "volume",
            "registry",
            "solver",
            "container"));
  }

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.strata");
  }

  @Test
  void everyPackageDependsOnlyOnThePackagesTheRuleAllows() {
    for (Map.Entry<String, List<String>> e : ALLOWED.entrySet()) {
      Set<String> forbidden = new TreeSet<>(ALLOWED.keySet());
      forbidden.remove(e.getKey());
      forbidden.remove("fs");
      forbidden.removeAll(e.getValue());
      if (forbidden.isEmpty()) {
        continue;
      }
      String[] patterns =
          forbidden.stream().map(p -> "dev.strata." + p + "..").toArray(String[]::new);
      noClasses()
          .that()
          .resideInAPackage("dev.strata." + e.getKey() + "..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(patterns)
          .allowEmptyShould(true)
          .check(classes);
    }
  }

  @Test
  void rootPackageDependsOnNoOtherStrataPackage() {
    noClasses()
        .that()
        .resideInAPackage("dev.strata")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.strata.(*)..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void packagesFormNoCycles() {
    slices().matching("dev.strata.(*)..").should().beFreeOfCycles().check(classes);
  }
}
