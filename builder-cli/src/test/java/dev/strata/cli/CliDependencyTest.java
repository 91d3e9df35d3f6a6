package dev.strata.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The CLI only parses arguments and prints: it reaches builder-core through the public API. */
class CliDependencyTest {
  @Test
  void cliUsesOnlyThePublicApi() {
    DescribedPredicate<JavaClass> internal =
        DescribedPredicate.describe(
            "builder-core internals (anything but dev.strata and dev.strata.api)",
            c ->
                c.getPackageName().startsWith("dev.strata.")
                    && !c.getPackageName().startsWith("dev.strata.api")
                    && !c.getPackageName().startsWith("dev.strata.cli"));
    noClasses()
        .that()
        .resideInAPackage("dev.strata.cli..")
        .should()
        .dependOnClassesThat(internal)
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.strata"));
  }
}
