package dev.actorkit.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code actor} health indicator, when Spring Boot's health support is on the class path: DOWN once a
 * root supervisor has given up. Off with {@code management.health.actor.enabled=false}; replaced by a
 * bean of the application named {@code actorHealthIndicator}.
 *
 * <p>Thread-safety: a configuration class; it holds no state.
 */
@AutoConfiguration(after = ActorAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ProcessTree.class)
@ConditionalOnEnabledHealthIndicator("actor")
public final class ActorHealthAutoConfiguration {

    ActorHealthAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(name = "actorHealthIndicator")
    HealthIndicator actorHealthIndicator(ProcessTree tree) {
        return new ActorHealthIndicator(tree);
    }
}
