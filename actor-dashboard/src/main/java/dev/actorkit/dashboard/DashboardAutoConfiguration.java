package dev.actorkit.dashboard;

import dev.actorkit.Scheduler;
import dev.actorkit.autoconfigure.ActorAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live dashboard at {@code actor.dashboard.path} ({@code /actorkit} by default) in a servlet web
 * application with a {@link Scheduler}; off with {@code actor.dashboard.enabled=false}. Read-only unless
 * {@code actor.dashboard.actions.enabled=true}.
 *
 * <p>Thread-safety: a configuration class; it holds no state.
 */
@AutoConfiguration(after = ActorAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SseEmitter.class)
@ConditionalOnBean(Scheduler.class)
@ConditionalOnBooleanProperty(name = "actor.dashboard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DashboardProperties.class)
@Import(DashboardConfiguration.class)
public final class DashboardAutoConfiguration {

    DashboardAutoConfiguration() {
    }
}
