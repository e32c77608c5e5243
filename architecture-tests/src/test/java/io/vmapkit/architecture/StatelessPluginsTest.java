package io.vmapkit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@link VmapPlugin} is a stateless factory: what it keeps for a system belongs to the
 * {@link InstalledPlugin} its {@code install} returns. Held over the compiled main classes of every
 * module, so a plugin that grows an "installed" field (or keeps its context or installation) fails
 * the build.
 */
class StatelessPluginsTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.vmapkit");
    }

    @Test
    void pluginFieldsAreFinal() {
        fields().that().areDeclaredInClassesThat().implement(VmapPlugin.class)
                .should().beFinal()
                .because("a plugin is installed into many systems and keeps no per-system state; that belongs to "
                        + "its InstalledPlugin")
                .check(main);
    }

    @Test
    void pluginsKeepNeitherAContextNorAnInstallation() {
        noFields().that().areDeclaredInClassesThat().implement(VmapPlugin.class)
                .should().haveRawType(DescribedPredicate.describe("a PluginContext or an InstalledPlugin",
                        (JavaClass t) -> t.isAssignableTo(PluginContext.class) || t.isAssignableTo(InstalledPlugin.class)))
                .because("the context and the installation belong to one system; the plugin may serve several")
                .check(main);
    }

    /**
     * The rules above hold over whatever plugins are on the class path; this pins that every plugin
     * module is there, so a module missing from this module's test dependencies cannot escape them.
     */
    @Test
    void everyPluginModuleIsChecked() {
        assertThat(main.stream().filter(c -> c.isAssignableTo(VmapPlugin.class) && !c.isInterface())
                .map(JavaClass::getName))
                .contains("io.vmapkit.driver.i915.I915Plugin", "io.vmapkit.plugins.examples.msm.MsmPlugin",
                        "io.vmapkit.plugins.generic.GenericPlugin");
    }
}
