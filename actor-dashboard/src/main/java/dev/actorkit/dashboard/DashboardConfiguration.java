package dev.actorkit.dashboard;

import dev.actorkit.Scheduler;
import dev.actorkit.autoconfigure.ProcessesEndpoint;
import dev.actorkit.cluster.Cluster;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The dashboard's beans: what it reads, its live streams and its controller. */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Dashboard actorDashboard(Scheduler scheduler, ListableBeanFactory beanFactory, DashboardProperties properties,
                             ObjectProvider<NodeSource> nodes) {
        Duration interval = positive("actor.dashboard.interval", properties.getInterval());
        Duration history = positive("actor.dashboard.history", properties.getHistory());
        TreeReader tree = new TreeReader(ProcessesEndpoint.forTreeIn(beanFactory, scheduler).orElse(null));
        DeadLetterLog deadLetters = new DeadLetterLog(System::currentTimeMillis);
        SchedulerHistory samples = new SchedulerHistory((int) Math.max(2, history.toMillis() / interval.toMillis()));
        return new Dashboard(scheduler, tree, samples, deadLetters, () -> Optional.ofNullable(nodes.getIfUnique()),
                properties.getActions().isEnabled(), interval);
    }

    @Bean
    DashboardStreams actorDashboardStreams(Dashboard dashboard, DashboardProperties properties,
                                           ObjectProvider<JsonMapper> jsonMapper) {
        if (properties.getDeadLettersPerSecond() < 1) {
            throw new IllegalArgumentException("actor.dashboard.dead-letters-per-second is "
                    + properties.getDeadLettersPerSecond() + ", but it must be at least 1. Set it to how many dead "
                    + "letters a second a page may receive (default 20).");
        }
        return new DashboardStreams(dashboard, jsonMapper.getIfAvailable(JsonMapper::new), properties.getInterval(),
                properties.getDeadLettersPerSecond());
    }

    @Bean
    DashboardController actorDashboardController(Dashboard dashboard, DashboardStreams streams, DashboardProperties properties) {
        return new DashboardController(dashboard, streams, path(properties.getPath()));
    }

    /** An application that runs an {@code actor-cluster} node as a bean sees its members in the Nodes view. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Cluster.class)
    static class ClusterNodesConfiguration {

        @Bean
        @ConditionalOnBean(Cluster.class)
        @ConditionalOnMissingBean(NodeSource.class)
        NodeSource actorDashboardClusterNodes(Cluster cluster) {
            return new ClusterNodes(cluster);
        }
    }

    static String path(String path) {
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("{") || path.contains("*")) {
            throw new IllegalArgumentException("actor.dashboard.path is '" + path + "', but it must start with '/', "
                    + "not end with '/' and hold no patterns. Set it to a path such as /actorkit or /admin/processes.");
        }
        return path;
    }

    private static Duration positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " is " + value + ", but it must be positive. "
                    + "Set it to a duration such as 1s or 5m.");
        }
        return value;
    }
}
