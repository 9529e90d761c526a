package dev.actorkit.autoconfigure;

import dev.actorkit.Scheduler;
import java.time.Duration;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The supervised processes: {@link ProcessBeanRegistrar} finds the {@code @Process} classes and
 * registers a {@code ProcessRef<T>} bean for each; {@link ProcessTree} checks the configuration,
 * supervises them and runs their lifecycle.
 */
@Configuration(proxyBeanMethods = false)
@Import(ProcessBeanRegistrar.class)
class ProcessesConfiguration {

    /** Spring Boot's default of {@code spring.lifecycle.timeout-per-shutdown-phase}. */
    private static final Duration DEFAULT_SHUTDOWN_PHASE_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    ProcessTree actorProcessTree(Scheduler scheduler, ActorProperties properties, ConfigurableListableBeanFactory beanFactory,
                                 ApplicationEventPublisher events, Environment environment) {
        Duration shutdownPhase = Binder.get(environment).bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(DEFAULT_SHUTDOWN_PHASE_TIMEOUT);
        return new ProcessTree(scheduler, SupervisionPlan.of(properties, ProcessCatalog.in(beanFactory)), beanFactory, events,
                properties.isAutoStartup(), shutdownPhase);
    }
}
