package dev.actorkit.test.spring;

import dev.actorkit.Scheduler;
import dev.actorkit.test.TestProbe;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;

/**
 * What {@link ActorTest} adds to ActorKit's auto-configuration: a {@link TestProbe} for each injection
 * point, on the application's scheduler. Probes are not closed by the context; they end with the
 * scheduler, or close them in the test.
 *
 * <p>Thread-safety: a configuration class; it holds no state.
 */
@AutoConfiguration(afterName = "dev.actorkit.autoconfigure.ActorAutoConfiguration")
@ConditionalOnBean(Scheduler.class)
public final class ActorTestAutoConfiguration {

    ActorTestAutoConfiguration() {
    }

    @Bean(destroyMethod = "")
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    @ConditionalOnMissingBean
    TestProbe actorTestProbe(Scheduler scheduler) {
        return TestProbe.create(scheduler);
    }
}
