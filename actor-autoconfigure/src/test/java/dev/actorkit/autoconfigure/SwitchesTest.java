package dev.actorkit.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.NoProcessException;
import dev.actorkit.ProcessObserver;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.autoconfigure.ActorAutoConfigurationTest.ShopApplication;
import dev.actorkit.autoconfigure.fixtures.shop.Counter;
import dev.actorkit.autoconfigure.fixtures.shop.Messages.Get;
import dev.actorkit.autoconfigure.fixtures.shop.Messages.Increment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.Lifecycle;
import org.springframework.core.ResolvableType;

/** {@code actor.enabled} and {@code actor.auto-startup}: ActorKit left out, or its tree built but not started. */
class SwitchesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class, ActorObservabilityAutoConfiguration.class,
                    ActorHealthAutoConfiguration.class, ProcessesEndpointAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class)
            .withUserConfiguration(ShopApplication.class);

    @Test
    void withActorEnabledFalseTheApplicationStartsWithoutSchedulerProcessesOrObservers() {
        runner.withPropertyValues("actor.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Scheduler.class).doesNotHaveBean(ProcessTree.class)
                    .doesNotHaveBean(ProcessObserver.class).doesNotHaveBean(ActorProperties.class);
            assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(ProcessRef.class, Counter.class)))
                    .isEmpty();
        });
    }

    @Test
    void withActorEnabledFalseBrokenActorSettingsDoNotStopTheStartUp() {
        runner.withPropertyValues("actor.enabled=false", "actor.supervision.root.children=nothing")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Scheduler.class));
    }

    @Test
    void actorIsEnabledWhenTheSwitchIsNotSet() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Scheduler.class).hasSingleBean(ProcessTree.class);
            assertThat(context.getBean(ProcessTree.class).isRunning()).isTrue();
        });
    }

    @Test
    void withAutoStartupFalseTheTreeIsBuiltButNotStarted() {
        runner.withPropertyValues("actor.auto-startup=false").run(context -> {
            assertThat(context).hasNotFailed();
            ProcessTree tree = context.getBean(ProcessTree.class);
            assertThat(tree.isRunning()).isFalse();
            assertThat(tree.runningRoots()).isEmpty();
            @SuppressWarnings("unchecked")
            ProcessRef<Counter> counter = context.getBean("counterRef", ProcessRef.class);
            assertThat(counter.isAlive()).isFalse();
            assertThatThrownBy(() -> counter.call(new Get())).isInstanceOf(NoProcessException.class);
        });
    }

    @Test
    void withAutoStartupFalseStartingTheLifecycleBeanLaterRunsTheProcessesWithTheMessagesSentMeanwhile() {
        runner.withPropertyValues("actor.auto-startup=false").run(context -> {
            @SuppressWarnings("unchecked")
            ProcessRef<Counter> counter = context.getBean("counterRef", ProcessRef.class);
            counter.send(new Increment(4)); // kept until the tree starts

            context.getBean("actorProcessTree", Lifecycle.class).start();

            assertThat(context.getBean(ProcessTree.class).isRunning()).isTrue();
            int count = counter.call(new Get());
            assertThat(count).isEqualTo(4);
        });
    }
}
