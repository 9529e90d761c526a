package dev.actorkit.autoconfigure;

import dev.actorkit.Scheduler;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The supervised processes: {@link ProcessBeanRegistrar} finds the {@code @Process} classes and
 * registers a {@code ProcessRef<T>} bean for each; {@link ProcessTree} checks the configuration,
 * supervises them and runs their lifecycle.
 */
@Configuration(proxyBeanMethods = false)
@Import(ProcessBeanRegistrar.class)
class ProcessesConfiguration {

    @Bean
    ProcessTree actorProcessTree(Scheduler scheduler, ActorProperties properties, ConfigurableListableBeanFactory beanFactory,
                                 ApplicationEventPublisher events) {
        return new ProcessTree(scheduler, SupervisionPlan.of(properties, ProcessCatalog.in(beanFactory)), beanFactory, events,
                properties.isAutoStartup());
    }
}
