package dev.actorkit.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration for ActorKit: a {@link dev.actorkit.Scheduler} bean configured under
 * {@code actor.scheduler.*}; every {@link dev.actorkit.annotation.Process} class under the
 * application's auto-configuration packages supervised as the {@code actor.supervision.*} tree says,
 * each with a {@code ProcessRef<T>} bean (named after the process, {@code counter} → {@code counterRef});
 * and the tree's lifecycle. Each bean backs off when the application defines its own. Off with
 * {@code actor.enabled=false}; with {@code actor.auto-startup=false} the tree is built but not started.
 *
 * <p>Thread-safety: a configuration class; it holds no state.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "actor.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ActorProperties.class)
@Import({SchedulerConfiguration.class, ProcessesConfiguration.class})
public final class ActorAutoConfiguration {

    /**
     * The {@link SmartLifecycle} phase of the supervision tree: it starts before the web server starts
     * taking requests ({@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE}, 2048 below
     * {@link SmartLifecycle#DEFAULT_PHASE}) and stops after the web server has stopped. A lifecycle
     * bean that needs the processes running uses a higher phase.
     */
    public static final int LIFECYCLE_PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

    ActorAutoConfiguration() {
    }
}
