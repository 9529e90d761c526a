package dev.actorkit.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A Spring test slice for {@code @Process} classes: only ActorKit's auto-configuration runs, the
 * application's {@code @Process} classes are found and supervised as {@code actor.*} says, and their
 * {@code ProcessRef<T>} beans can be injected into the test. Other components of the application are
 * not scanned: {@code @Import} (or mock) the beans the processes need. A {@link dev.actorkit.test.TestProbe}
 * can be injected too: each injection point gets a new probe on the application's scheduler.
 *
 * <p>Like {@code @JsonTest} or {@code @DataJpaTest}, it finds the {@code @SpringBootConfiguration} of
 * the application by searching up from the test's package.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(ActorTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(ActorTypeExcludeFilter.class)
@ImportAutoConfiguration
public @interface ActorTest {

    /** Properties in {@code key=value} form added to the environment before the test runs. */
    String[] properties() default {};

    /** Whether the default filtering (no component of the application) applies; false scans them all. */
    boolean useDefaultFilters() default true;

    /** Components of the application to scan after all, e.g. a service the processes need. */
    Filter[] includeFilters() default {};

    /** Components to leave out even when {@link #useDefaultFilters()} is false. */
    Filter[] excludeFilters() default {};

    /** Auto-configuration to leave out of the slice. */
    @AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
    Class<?>[] excludeAutoConfiguration() default {};
}
