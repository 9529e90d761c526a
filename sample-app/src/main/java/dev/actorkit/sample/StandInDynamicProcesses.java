package dev.actorkit.sample;

import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.DynamicSupervisor;
import dev.actorkit.supervisor.DynamicSupervisorSpec;
import dev.actorkit.supervisor.Restart;
import java.time.Duration;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * TEMPORARY: the two dynamic supervisors that {@code application.yml} will declare once the starter
 * supports {@code strategy: dynamic}; deleted then.
 */
@Configuration(proxyBeanMethods = false)
class StandInDynamicProcesses {

    @Bean
    DynamicProcesses<Bucket> buckets(Scheduler scheduler, AutowireCapableBeanFactory beans) {
        return start(scheduler, beans, Bucket.class, 100_000);
    }

    @Bean
    DynamicProcesses<Connection> connections(Scheduler scheduler, AutowireCapableBeanFactory beans) {
        return start(scheduler, beans, Connection.class, 1_000);
    }

    private static <T> DynamicProcesses<T> start(Scheduler scheduler, AutowireCapableBeanFactory beans, Class<T> type,
                                                 int maxChildren) {
        DynamicSupervisor supervisor = DynamicSupervisor.start(scheduler,
                new DynamicSupervisorSpec(3, Duration.ofSeconds(5), maxChildren));
        ChildSpec spec = ChildSpec.worker(type.getSimpleName(), () -> beans.createBean(type)).withRestart(Restart.TEMPORARY);
        return new DynamicProcesses<>() {
            @Override
            @SuppressWarnings("unchecked")
            public ProcessRef<T> start() {
                return (ProcessRef<T>) (ProcessRef<?>) supervisor.startChild(spec);
            }

            @Override
            public int count() {
                return supervisor.countChildren().active();
            }
        };
    }
}
