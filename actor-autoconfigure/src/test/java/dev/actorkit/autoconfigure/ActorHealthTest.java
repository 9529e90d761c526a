package dev.actorkit.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.ProcessRef;
import dev.actorkit.autoconfigure.ProcessesEndpointTest.Actuated;
import dev.actorkit.autoconfigure.fixtures.actuate.Desk.Crash;
import dev.actorkit.autoconfigure.fixtures.actuate.Desk.Ping;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The actor health indicator: when it is there, and UP or DOWN with the actuated fixture's tree (actuated.yml). */
class ActorHealthTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class, ActorHealthAutoConfiguration.class))
            .withUserConfiguration(Actuated.class)
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withPropertyValues("spring.config.location=classpath:actuated.yml");

    private static Health health(AssertableApplicationContext context) {
        return context.getBean("actorHealthIndicator", HealthIndicator.class).health();
    }

    @Test
    void theIndicatorIsUpWhileEveryRootRuns() {
        runner.run(context -> {
            Health health = health(context);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("roots", Map.of("front", "running", "fragile", "running"));
        });
    }

    @Test
    void theIndicatorIsDownNamingTheRootThatGaveUp() {
        runner.run(context -> {
            context.getBean("fuseRef", ProcessRef.class).send(new Crash());

            await().atMost(Duration.ofSeconds(5)).until(() -> health(context).getStatus().equals(Status.DOWN));
            assertThat(health(context).getDetails()).containsEntry("roots",
                    Map.of("front", "running", "fragile", "gave up after 1 restart within 5 s (max-restarts: 0); it will not"
                            + " restart; the application's liveness is now BROKEN"));
        });
    }

    @Test
    void aCrashThatTheSupervisorRestartsLeavesTheIndicatorUp() {
        runner.run(context -> {
            ProcessRef<?> clerk = context.getBean("clerkRef", ProcessRef.class);
            var before = clerk.pid();
            clerk.send(new Crash());

            await().atMost(Duration.ofSeconds(5)).until(() -> clerk.isAlive() && !clerk.pid().equals(before));
            assertThat(clerk.<String>call(new Ping())).isEqualTo("pong");
            assertThat(health(context).getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void theIndicatorIsOutOfServiceOnceTheTreeHasStopped() {
        runner.run(context -> {
            context.getBean(ProcessTree.class).stop();

            assertThat(health(context).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        });
    }

    @Test
    void theIndicatorBacksOffWhenItIsDisabled() {
        runner.withPropertyValues("management.health.actor.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("actorHealthIndicator"));
    }

    @Test
    void theIndicatorBacksOffWithoutSpringBootHealthOnTheClassPath() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("actorHealthIndicator"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnIndicator {
        @Bean
        HealthIndicator actorHealthIndicator() {
            return () -> Health.up().withDetail("own", true).build();
        }
    }

    @Test
    void anIndicatorOfTheApplicationNamedActorHealthIndicatorReplacesTheStarters() {
        runner.withUserConfiguration(OwnIndicator.class)
                .run(context -> assertThat(health(context).getDetails()).containsEntry("own", true));
    }
}
