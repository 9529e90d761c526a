package dev.actorkit.autoconfigure;

import dev.actorkit.Scheduler;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link ProcessesEndpoint processes} Actuator endpoint, when Actuator is on the class path and the
 * endpoint is available (enabled and exposed, e.g. {@code management.endpoints.web.exposure.include=processes}).
 *
 * <p>Thread-safety: a configuration class; it holds no state.
 */
@AutoConfiguration(after = ActorAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(ProcessTree.class)
@ConditionalOnAvailableEndpoint(ProcessesEndpoint.class)
public final class ProcessesEndpointAutoConfiguration {

    ProcessesEndpointAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    ProcessesEndpoint processesEndpoint(ProcessTree tree, Scheduler scheduler) {
        return new ProcessesEndpoint(tree, scheduler);
    }
}
