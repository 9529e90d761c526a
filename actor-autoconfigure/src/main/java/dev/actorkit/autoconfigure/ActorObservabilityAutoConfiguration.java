package dev.actorkit.autoconfigure;

import dev.actorkit.ContextPropagator;
import dev.actorkit.Scheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Observability for ActorKit, each part only when the application has what it needs: Micrometer meters
 * of the processes and the scheduler (with a {@code MeterRegistry} bean), the process's {@code actor.pid},
 * {@code actor.process} and {@code actor.key} in SLF4J's MDC while it handles messages (with SLF4J), and the sender's observation
 * carried with each message (with an {@code ObservationRegistry} bean). The observers reach the
 * auto-configured {@link Scheduler} as {@link dev.actorkit.ProcessObserver} beans; each bean backs off
 * when the application defines its own.
 *
 * <p>Thread-safety: a configuration class; it holds no state.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "actor.enabled", matchIfMissing = true)
@Import({ActorObservabilityAutoConfiguration.MetricsConfiguration.class,
        ActorObservabilityAutoConfiguration.LoggingConfiguration.class,
        ActorObservabilityAutoConfiguration.TracingConfiguration.class})
public final class ActorObservabilityAutoConfiguration {

    ActorObservabilityAutoConfiguration() {
    }

    /** The tags of the processes the starter manages, from the checked supervision tree. */
    static ProcessTags processTags(ActorProperties properties, ConfigurableListableBeanFactory beanFactory) {
        return ProcessTags.of(SupervisionPlan.of(properties, ProcessCatalog.in(beanFactory)));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ProcessMeters actorProcessMeters(MeterRegistry registry, ActorProperties properties,
                                         ConfigurableListableBeanFactory beanFactory) {
            return new ProcessMeters(registry, processTags(properties, beanFactory));
        }

        @Bean
        @ConditionalOnMissingBean
        SchedulerMeters actorSchedulerMeters(MeterRegistry registry, Scheduler scheduler, ObjectProvider<ProcessTree> tree) {
            SchedulerMeters meters = new SchedulerMeters(scheduler, tree.getIfAvailable());
            meters.bindTo(registry);
            return meters;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.slf4j.MDC")
    static class LoggingConfiguration {

        /** The keys of dynamic supervisors' children by pid, for the MDC's actor.key; an observer of the scheduler. */
        @Bean
        @ConditionalOnMissingBean
        ProcessKeys actorProcessKeys() {
            return new ProcessKeys();
        }

        @Bean
        @ConditionalOnMissingBean
        ProcessMdc actorProcessMdc(ActorProperties properties, ConfigurableListableBeanFactory beanFactory,
                                   ObjectProvider<ProcessKeys> keys) {
            return new ProcessMdc(processTags(properties, beanFactory), keys.getIfAvailable());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    @ConditionalOnBean(ObservationRegistry.class)
    static class TracingConfiguration {

        @Bean
        @ConditionalOnMissingBean(ContextPropagator.class)
        ObservationPropagator actorObservationPropagator(ObservationRegistry registry, ActorProperties properties,
                                                         ConfigurableListableBeanFactory beanFactory) {
            return new ObservationPropagator(registry, processTags(properties, beanFactory));
        }
    }
}
