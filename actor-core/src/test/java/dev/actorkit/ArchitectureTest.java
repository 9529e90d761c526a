package dev.actorkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture rules of DESIGN §8, checked on actor-core's production classes. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.actorkit");
    }

    @Test
    void theImportSeesTheProductionClasses() {
        // Guards the other rules against passing on an empty import.
        assertThat(classes.contain(Scheduler.class)).isTrue();
        assertThat(classes.stream().map(JavaClass::getName)).noneMatch(name -> name.endsWith("Test"));
    }

    @Test
    void actorCoreDependsOnNoSpringClass() {
        noClasses().that().resideInAPackage("dev.actorkit..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .because("actor-core runs on the JDK alone; Spring lives in actor-autoconfigure (DESIGN §1)")
                .check(classes);
    }

    @Test
    void onlyTheApiFacadeAndTheSupervisorsUseInternal() {
        // The root package dev.actorkit is the API facade: Scheduler.create() and ProcessContext.current()
        // must reach the runtime. The supervisors need one runtime facility users never see: the
        // child slot that keeps a supervised child's mailbox across restarts. Every other package
        // (annotation, registry, ...) goes through the public API; other modules never use internal.
        noClasses().that().resideOutsideOfPackages("dev.actorkit.internal..", "dev.actorkit", "dev.actorkit.supervisor..")
                .should().dependOnClassesThat().resideInAPackage("dev.actorkit.internal..")
                .because("dev.actorkit.internal is not API (DESIGN §1)")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void noPublicSignatureOutsideInternalExposesAnInternalType() {
        // The facade may call into the runtime, but what users see (public and protected fields,
        // constructors and methods of public API types, generics included) never names an internal type.
        List<String> leaks = classes.stream()
                .filter(c -> !c.getPackageName().startsWith("dev.actorkit.internal"))
                .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
                .flatMap(c -> c.getMembers().stream())
                .filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.PROTECTED))
                .filter(m -> signatureTypes(m).stream().anyMatch(t -> t.getPackageName().startsWith("dev.actorkit.internal")))
                .map(JavaMember::getFullName)
                .sorted()
                .toList();

        assertThat(leaks).as("public API members whose signature names a dev.actorkit.internal type").isEmpty();
    }

    private static Set<JavaClass> signatureTypes(JavaMember member) {
        Set<JavaClass> types = new HashSet<>();
        if (member instanceof JavaField field) {
            types.addAll(field.getType().getAllInvolvedRawTypes());
        } else if (member instanceof JavaCodeUnit codeUnit) {
            types.addAll(codeUnit.getReturnType().getAllInvolvedRawTypes());
            codeUnit.getParameterTypes().forEach(t -> types.addAll(t.getAllInvolvedRawTypes()));
            codeUnit.getThrowsClause().getTypes().forEach(t -> types.addAll(t.getAllInvolvedRawTypes()));
        }
        return types;
    }

    @Test
    void theSubpackagesHaveNoCycles() {
        slices().matching("dev.actorkit.(*)..")
                .should().beFreeOfCycles()
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void everyPackageIsNullMarked() {
        TreeSet<String> packages = new TreeSet<>();
        classes.forEach(javaClass -> packages.add(javaClass.getPackageName()));
        assertThat(packages).contains("dev.actorkit");

        List<String> notNullMarked = packages.stream()
                .filter(name -> !isNullMarked(name))
                .toList();

        assertThat(notNullMarked)
                .as("packages without a package-info.java annotated @NullMarked")
                .isEmpty();
    }

    private static boolean isNullMarked(String packageName) {
        try {
            Class<?> packageInfo = Class.forName(packageName + ".package-info");
            return packageInfo.getPackage().isAnnotationPresent(NullMarked.class);
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Test
    void publicExceptionsExtendActorException() {
        classes().that().resideInAPackage("dev.actorkit")
                .and().areAssignableTo(RuntimeException.class)
                .and().arePublic()
                .should().beAssignableTo(ActorException.class)
                .check(classes);
    }
}
