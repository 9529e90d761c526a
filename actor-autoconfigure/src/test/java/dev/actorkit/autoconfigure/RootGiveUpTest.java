package dev.actorkit.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.actorkit.NoProcessException;
import dev.actorkit.ProcessRef;
import dev.actorkit.autoconfigure.DynamicProcessesTest.BucketApplication;
import dev.actorkit.autoconfigure.ProcessesEndpointTest.Actuated;
import dev.actorkit.Pid;
import dev.actorkit.autoconfigure.fixtures.actuate.Desk.Crash;
import dev.actorkit.autoconfigure.fixtures.actuate.Desk.Ping;
import dev.actorkit.autoconfigure.fixtures.buckets.Bucket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;

/**
 * When a root supervisor gives up, nothing restarts its processes: by default the application's liveness
 * becomes BROKEN, and the log and the errors say so plainly. The actuated fixture's root {@code fragile}
 * gives up at its first restart.
 */
@ExtendWith(OutputCaptureExtension.class)
class RootGiveUpTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class, ActorHealthAutoConfiguration.class,
                    ApplicationAvailabilityAutoConfiguration.class))
            .withUserConfiguration(Actuated.class)
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withPropertyValues("spring.config.location=classpath:actuated.yml");

    /** What SpringApplication does once the context has started: the application is live. */
    private static ApplicationAvailability startedLive(ApplicationContext context) {
        AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
        ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
        assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
        return availability;
    }

    @Test
    void aRootThatGivesUpMakesTheApplicationsLivenessBroken(CapturedOutput output) {
        runner.run(context -> {
            ApplicationAvailability availability = startedLive(context);

            context.getBean("fuseRef", ProcessRef.class).send(new Crash());

            await().atMost(Duration.ofSeconds(5)).until(() -> availability.getLivenessState() == LivenessState.BROKEN);
            assertThat(output).contains("Root supervisor 'fragile' gave up after 1 restart within 5 s (max-restarts: 0);"
                    + " it will not restart; the application's liveness is now BROKEN");
        });
    }

    @Test
    void withKeepLivenessARootThatGivesUpLeavesLivenessAloneAndTheHealthIndicatorDown() {
        runner.withPropertyValues("actor.supervision.fragile.on-give-up=keep-liveness").run(context -> {
            startedLive(context);
            HealthIndicator health = context.getBean("actorHealthIndicator", HealthIndicator.class);

            context.getBean("fuseRef", ProcessRef.class).send(new Crash());

            await().atMost(Duration.ofSeconds(5)).until(() -> health.health().getStatus().equals(Status.DOWN));
            assertThat(context.getBean(ApplicationAvailability.class).getLivenessState()).isEqualTo(LivenessState.CORRECT);
            assertThat(health.health().getDetails().get("roots")).asString()
                    .contains("fragile=gave up after 1 restart within 5 s (max-restarts: 0); it will not restart;"
                            + " the application's liveness stays as it is (on-give-up: keep-liveness)");
        });
    }

    @Test
    void withRestartARootThatGaveUpStartsAgainAfterItsDelayAndLivenessStaysCorrect(CapturedOutput output) {
        runner.withPropertyValues("actor.supervision.fragile.on-give-up=restart",
                        "actor.supervision.fragile.backoff.min-delay=200ms")
                .run(context -> {
                    ApplicationAvailability availability = startedLive(context);
                    HealthIndicator health = context.getBean("actorHealthIndicator", HealthIndicator.class);
                    ProcessRef<?> fuse = context.getBean("fuseRef", ProcessRef.class);
                    Pid before = fuse.pid();

                    fuse.send(new Crash());

                    await().atMost(Duration.ofSeconds(5)).until(() -> output.toString().contains(
                            "Root supervisor 'fragile' gave up after 1 restart within 5 s (max-restarts: 0); it starts again"
                                    + " in 200 ms (restart 1 in a row; on-give-up: restart)"));
                    await().atMost(Duration.ofSeconds(5)).until(() -> health.health().getStatus().equals(Status.UP));
                    assertThat(fuse.<String>call(new Ping())).isEqualTo("pong");
                    assertThat(fuse.pid()).isNotEqualTo(before);
                    assertThat(output).contains("Root supervisor 'fragile' started again (restart 1 in a row)");
                    assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
                });
    }

    @Test
    void withRestartEachRestartInARowWaitsTwiceAsLongUpToTheMaximum() {
        SupervisionPlan.OnGiveUp backoff = new SupervisionPlan.OnGiveUp(ActorProperties.GiveUpAction.RESTART,
                Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(java.util.stream.IntStream.rangeClosed(1, 5).mapToObj(backoff::delay))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5),
                        Duration.ofSeconds(5));
    }

    @Test
    void aMaxDelayShorterThanTheMinDelayStopsStartup() {
        runner.withPropertyValues("actor.supervision.fragile.on-give-up=restart",
                        "actor.supervision.fragile.backoff.min-delay=10s", "actor.supervision.fragile.backoff.max-delay=1s")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(ActorConfigurationException.class)
                        .hasMessageContaining("actor.supervision.fragile.backoff.max-delay"));
    }

    @Test
    void onGiveUpOnASupervisorThatIsNotARootStopsStartupNamingItsParent() {
        runner.withPropertyValues("actor.supervision.back.on-give-up=keep-liveness").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ActorConfigurationException.class)
                    .hasMessageContaining("actor.supervision.back.on-give-up")
                    .hasMessageContaining("'back' is not a root: it is a child of 'front'");
        });
    }

    @Test
    void onGiveUpOnADynamicSupervisorStopsStartupSayingThatItIsNeverARoot() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class))
                .withUserConfiguration(BucketApplication.class)
                .withPropertyValues("actor.supervision.buckets.strategy=dynamic", "actor.supervision.buckets.process=bucket",
                        "actor.supervision.buckets.on-give-up=keep-liveness")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(ActorConfigurationException.class)
                        .hasMessageContaining("'buckets' is a dynamic supervisor, which is never a root"));
    }

    @Test
    void aDynamicSupervisorWhoseRootGaveUpSaysThatItWillNotRestart() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class,
                        ApplicationAvailabilityAutoConfiguration.class))
                .withUserConfiguration(BucketApplication.class)
                .withPropertyValues("actor.supervision.orders.children=buckets,tracker",
                        "actor.supervision.orders.max-restarts=0",
                        "actor.supervision.buckets.strategy=dynamic", "actor.supervision.buckets.process=bucket",
                        "actor.supervision.buckets.max-restarts=0")
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    DynamicProcesses<Bucket> buckets = (DynamicProcesses<Bucket>) context.getBeanProvider(
                            ResolvableType.forClassWithGenerics(DynamicProcesses.class, Bucket.class)).getObject();
                    ApplicationAvailability availability = startedLive(context);

                    buckets.getOrStart("a").send(new Bucket.Crash());

                    await().atMost(Duration.ofSeconds(5)).until(() -> availability.getLivenessState() == LivenessState.BROKEN);
                    assertThatThrownBy(() -> buckets.getOrStart("b")).isInstanceOf(NoProcessException.class)
                            .hasMessage("dynamic supervisor 'buckets' is not running: its root supervisor 'orders' gave up"
                                    + " after 1 restart within 5 s (max-restarts: 0); it will not restart; the application's"
                                    + " liveness is now BROKEN.");
                });
    }
}
