package dev.actorkit.autoconfigure;

import dev.actorkit.ContextPropagator;
import dev.actorkit.ProcessObserver;
import dev.actorkit.Scheduler;
import dev.actorkit.SchedulerConfig;
import dev.actorkit.autoconfigure.ActorProperties.SchedulerProperties;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link Scheduler} bean, from {@code actor.scheduler.*}, unless the application defines one. */
@Configuration(proxyBeanMethods = false)
class SchedulerConfiguration {

    /** The scheduler, with every {@link ProcessObserver} bean and the {@link ContextPropagator} bean, if any. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Scheduler actorScheduler(ActorProperties properties, ObjectProvider<ProcessObserver> observers,
                             ObjectProvider<ContextPropagator> propagator) {
        SchedulerConfig config = schedulerConfig(properties.getScheduler());
        for (ProcessObserver observer : observers.orderedStream().toList()) {
            config = config.withObserver(observer);
        }
        return Scheduler.create(config.withContextPropagator(propagator.getIfUnique()));
    }

    static SchedulerConfig schedulerConfig(SchedulerProperties scheduler) {
        if (scheduler.getParallelism() < 0) {
            throw new ActorConfigurationException("actor.scheduler.parallelism", "parallelism is "
                    + scheduler.getParallelism() + ", but it cannot be negative.",
                    "Set it to the number of threads for event-driven processes, or to 0 (the default) for one per core.");
        }
        if (scheduler.getThroughput() < 1) {
            throw new ActorConfigurationException("actor.scheduler.throughput", "throughput is " + scheduler.getThroughput()
                    + ", but a process must handle at least 1 message each time it runs.",
                    "Set it to 1 or more; the default, 64, suits most applications.");
        }
        if (scheduler.getMaxBlockingThreads() < 0 || scheduler.getMaxBlockingThreads() > 10_000) {
            throw new ActorConfigurationException("actor.scheduler.max-blocking-threads", "max-blocking-threads is "
                    + scheduler.getMaxBlockingThreads() + ", but it must be between 0 and 10000.",
                    "Set it to the most extra threads the pool may add for handlers blocked in a call; the default, 64,"
                            + " suits most applications.");
        }
        requirePositive("actor.scheduler.shutdown-timeout", scheduler.getShutdownTimeout());
        requirePositive("actor.scheduler.call-timeout", scheduler.getCallTimeout());
        requirePositive("actor.scheduler.slow-handler-threshold", scheduler.getSlowHandlerThreshold());
        return new SchedulerConfig(scheduler.getParallelism(), scheduler.getThroughput(), scheduler.getShutdownTimeout(),
                scheduler.getCallTimeout(), scheduler.getSlowHandlerThreshold())
                .withMaxBlockingThreads(scheduler.getMaxBlockingThreads());
    }

    private static void requirePositive(String key, Duration value) {
        SupervisionPlan.requirePositive(key, value, key.substring(key.lastIndexOf('.') + 1),
                "Set it to a positive duration such as 5s or 500ms.");
    }
}
