package dev.actorkit.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.actorkit.ContextPropagator;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.autoconfigure.fixtures.observed.Back;
import dev.actorkit.autoconfigure.fixtures.observed.Front;
import dev.actorkit.autoconfigure.fixtures.observed.Front.Fail;
import dev.actorkit.autoconfigure.fixtures.observed.Front.Forward;
import dev.actorkit.autoconfigure.fixtures.observed.Front.Note;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Meters, the logging MDC and trace propagation, as the auto-configuration sets them up. */
class ActorObservabilityAutoConfigurationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class, ActorObservabilityAutoConfiguration.class))
            .withUserConfiguration(ObservedApplication.class);

    private final ApplicationContextRunner metered = runner.withBean(SimpleMeterRegistry.class);

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Front.class)
    static class ObservedApplication {
    }

    /** Records each observation as it starts: "name or contextual name <- parent's". */
    static final class StartedObservations implements ObservationHandler<Observation.Context> {
        final List<String> started = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(Observation.Context context) {
            io.micrometer.observation.ObservationView parent = context.getParentObservation();
            started.add(nameOf(context) + " <- " + (parent == null ? "none" : nameOf(parent.getContextView())));
        }

        private static String nameOf(Observation.ContextView context) {
            return context.getContextualName() != null ? context.getContextualName() : context.getName();
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Observations {
        @Bean
        StartedObservations startedObservations() {
            return new StartedObservations();
        }

        @Bean
        ObservationRegistry observationRegistry(StartedObservations handler) {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(handler);
            return registry;
        }
    }

    @Process
    static class Stray {
        @Receive
        void on(String text) {
        }
    }

    private static ProcessRef<Front> front(AssertableApplicationContext context) {
        return context.getBean("frontRef", ProcessRef.class);
    }

    private static double count(MeterRegistry registry, String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    // ---- meters ----

    @Test
    void eachHandledMessageCountsAndIsTimedUnderTheProcessName() {
        metered.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            front(context).send(new Note("one"));
            front(context).send(new Note("two"));
            front(context).send(new Note("three"));

            await().atMost(WAIT).until(() -> count(registry, "actor.messages.processed", "process", "front") == 3);
            assertThat(registry.get("actor.message.processing").tag("process", "front").timer().count()).isEqualTo(3);
        });
    }

    @Test
    void aCrashCountsACrashARestartAndACrashedDeadLetter() {
        metered.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            front(context).send(new Fail());

            await().atMost(WAIT).until(() -> count(registry, "actor.restarts", "supervisor", "default", "child", "front") == 1);
            assertThat(count(registry, "actor.crashes", "process", "front")).isEqualTo(1);
            assertThat(count(registry, "actor.messages.dead", "cause", "crashed")).isEqualTo(1);
        });
    }

    @Test
    void aMessageToADeadProcessCountsAsANoProcessDeadLetter() {
        metered.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            ProcessRef<Object> gone = context.getBean(Scheduler.class).spawn(ctx -> { });
            gone.termination().get();

            gone.send("anyone?");

            await().atMost(WAIT).until(() -> count(registry, "actor.messages.dead", "cause", "no_process") == 1);
        });
    }

    @Test
    void aProcessOutsideTheTreeIsTaggedWithItsClassNotTheNameItIsRegisteredUnder() {
        metered.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Scheduler scheduler = context.getBean(Scheduler.class);
            ProcessRef<Stray> stray = scheduler.spawn(Stray::new);
            scheduler.register("stray-4711", stray);

            stray.send("hello");

            await().atMost(WAIT).until(() -> count(registry, "actor.messages.processed", "process", "Stray") == 1);
            assertThat(registry.find("actor.messages.processed").tag("process", "stray-4711").counter()).isNull();
        });
    }

    @Test
    void theGaugesReadTheLiveProcessesThePoolAndTheMailboxOfEachProcessOfTheTree() {
        metered.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Scheduler scheduler = context.getBean(Scheduler.class);

            assertThat(registry.get("actor.processes").gauge().value()).isEqualTo(scheduler.stats().liveProcesses());
            assertThat(registry.get("actor.scheduler.parallelism").gauge().value())
                    .isEqualTo(scheduler.config().effectiveParallelism());
            assertThat(registry.get("actor.scheduler.active").gauge().value()).isNotNegative();
            assertThat(registry.get("actor.scheduler.queued").gauge().value()).isNotNegative();
            assertThat(registry.get("actor.handlers.slow").functionCounter().count()).isZero();
            assertThat(registry.get("actor.mailbox.size").tag("process", "front").gauge().value()).isZero();
            assertThat(registry.get("actor.mailbox.size").tag("process", "back").gauge().value()).isZero();
        });
    }

    @Test
    void withoutMicrometerOnTheClassPathNoMetersAreSetUp() {
        metered.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ProcessMeters.class).doesNotHaveBean(SchedulerMeters.class);
        });
    }

    @Test
    void withoutARegistryBeanNoMetersAreSetUp() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ProcessMeters.class).doesNotHaveBean(SchedulerMeters.class);
            assertThat(context.getBean(Scheduler.class).config().observers())
                    .containsExactlyInAnyOrder(context.getBean(ProcessMdc.class), context.getBean(ProcessKeys.class));
        });
    }

    // ---- logging ----

    private final Logger frontLog = (Logger) LoggerFactory.getLogger(Front.class);
    private final Logger processLog = (Logger) LoggerFactory.getLogger("dev.actorkit.Process");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logged.start();
        frontLog.addAppender(logged);
        processLog.addAppender(logged);
        // The runtime logs through System.Logger, which goes to java.util.logging here; Boot's logging
        // system installs this bridge in an application.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    @AfterEach
    void stopCapturing() {
        frontLog.detachAppender(logged);
        processLog.detachAppender(logged);
        SLF4JBridgeHandler.uninstall();
    }

    private ILoggingEvent loggedEvent(Supplier<String> what, java.util.function.Predicate<ILoggingEvent> matches) {
        await().atMost(WAIT).until(() -> logged.list.stream().anyMatch(matches));
        return logged.list.stream().filter(matches).findFirst().orElseThrow(() -> new AssertionError(what.get()));
    }

    @Test
    void aLineLoggedWhileAProcessHandlesAMessageCarriesItsPidAndNameInTheMdc() {
        runner.run(context -> {
            ProcessRef<Front> front = front(context);

            front.send(new Note("milk"));

            ILoggingEvent event = loggedEvent(() -> "the note", e -> e.getFormattedMessage().equals("noted milk"));
            assertThat(event.getMDCPropertyMap())
                    .containsEntry("actor.pid", front.pid().toString())
                    .containsEntry("actor.process", "front")
                    .doesNotContainKey("actor.key");
        });
    }

    @Test
    void theMdcIsClearedWhenTheProcessGivesTheThreadBack() {
        ProcessMdc mdc = new ProcessMdc(ProcessTags.of(new SupervisionPlan(java.util.List.of())), null);
        try (Scheduler scheduler = Scheduler.create()) {
            ProcessRef<Stray> stray = scheduler.spawn(Stray::new);

            try (var scope = mdc.enter((dev.actorkit.ObservedProcess) stray)) {
                assertThat(MDC.get("actor.process")).isEqualTo("Stray");
            }

            assertThat(MDC.get("actor.pid")).isNull();
            assertThat(MDC.get("actor.process")).isNull();
        }
    }

    @Test
    void aCrashIsReportedOnceWithTheProcessNameTheMessageTypeAndTheStack() {
        runner.run(context -> {
            ProcessRef<Front> front = front(context);

            front.send(new Fail());

            java.util.function.Predicate<ILoggingEvent> crashReport = e -> e.getLevel() == Level.ERROR
                    && e.getLoggerName().equals("dev.actorkit.Process");
            ILoggingEvent report = loggedEvent(() -> "a crash report", crashReport);
            assertThat(report.getFormattedMessage()).contains("(front)").contains(Fail.class.getName());
            assertThat(report.getThrowableProxy().getMessage()).isEqualTo("failing on purpose");
            assertThat(report.getMDCPropertyMap()).containsEntry("actor.process", "front");
            await().atMost(WAIT).until(() -> front.isAlive()); // restarted: everything about the crash is logged by now
            assertThat(logged.list.stream().filter(crashReport)).hasSize(1);
        });
    }

    // ---- tracing ----

    @Test
    void aRequestThatCallsAProcessWhichCallsAnotherIsOneTreeOfObservations() {
        runner.withUserConfiguration(Observations.class).run(context -> {
            ObservationRegistry registry = context.getBean(ObservationRegistry.class);
            StartedObservations observations = context.getBean(StartedObservations.class);

            Observation request = Observation.start("http.request", registry);
            String answer;
            try (Observation.Scope scope = request.openScope()) {
                answer = front(context).call(new Forward());
            } finally {
                request.stop();
            }

            assertThat(answer).isEqualTo("inspected");
            assertThat(observations.started).containsExactly(
                    "http.request <- none",
                    "front Forward <- http.request",
                    "back Inspect <- front Forward");
        });
    }

    @Test
    void aMessageSentOutsideAnyObservationIsHandledWithoutOne() {
        runner.withUserConfiguration(Observations.class).run(context -> {
            StartedObservations observations = context.getBean(StartedObservations.class);

            assertThat(front(context).<String>call(new Forward())).isEqualTo("inspected");

            assertThat(observations.started).isEmpty();
        });
    }

    @Test
    void withoutAnObservationRegistryMessagesCarryNoContext() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ContextPropagator.class));
    }

    @Test
    void aContextPropagatorOfTheApplicationReplacesTheObservationOne() {
        ContextPropagator own = new ContextPropagator() {
            @Override
            public Object capture() {
                return "mine";
            }

            @Override
            public dev.actorkit.ProcessObserver.Scope restore(Object context, dev.actorkit.ObservedProcess receiver,
                                                              Class<?> messageType) {
                return () -> { };
            }
        };
        runner.withUserConfiguration(Observations.class).withBean(ContextPropagator.class, () -> own).run(context -> {
            assertThat(context).doesNotHaveBean(ObservationPropagator.class);
            assertThat(context.getBean(Scheduler.class).config().contextPropagator()).isSameAs(own);
        });
    }
}
