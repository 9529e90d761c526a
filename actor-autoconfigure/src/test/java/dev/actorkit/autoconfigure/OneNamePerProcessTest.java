package dev.actorkit.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.actorkit.ProcessRef;
import dev.actorkit.autoconfigure.fixtures.orders.Order;
import dev.actorkit.autoconfigure.fixtures.orders.Order.Fail;
import dev.actorkit.autoconfigure.fixtures.orders.Order.ShowMdc;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A process has one name everywhere: its name in {@code actor.*} ({@code order}) in the logging MDC, metric
 * tags, traces and the supervisors' log lines, with a keyed child's key beside it; the runtime's own
 * supervisor traffic stays out of the application's meters.
 */
class OneNamePerProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class, ActorObservabilityAutoConfiguration.class))
            .withUserConfiguration(OrderApplication.class)
            .withPropertyValues("actor.supervision.fulfilment.children=orders",
                    "actor.supervision.orders.strategy=dynamic", "actor.supervision.orders.process=order");

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Order.class)
    static class OrderApplication {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        ObservationRegistry observationRegistry(SimpleMeterRegistry meters) {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
            return registry;
        }
    }

    @SuppressWarnings("unchecked")
    private static DynamicProcesses<Order> orders(AssertableApplicationContext context) {
        return context.getBean("ordersProcesses", DynamicProcesses.class);
    }

    @Test
    void aKeyedChildLogsUnderItsProcessNameAndKeyInTheMdc() {
        runner.run(context -> {
            ProcessRef<Order> order = orders(context).getOrStart("42");

            Map<String, String> mdc = order.call(new ShowMdc());

            assertThat(mdc).containsEntry("actor.process", "order").containsEntry("actor.key", "42")
                    .containsEntry("actor.pid", order.pid().toString())
                    .doesNotContainKeys("process", "pid");
        });
    }

    @Test
    void aKeyedChildsMetersAreTaggedWithItsProcessName() {
        runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            orders(context).getOrStart("42").call(new ShowMdc());
            orders(context).getOrStart("43").call(new ShowMdc());

            // Counted once the handler has returned, which may be just after the caller has its reply.
            await().atMost(WAIT).until(() -> registry.find("actor.messages.processed").tag("process", "order").counters()
                    .stream().mapToDouble(counter -> counter.count()).sum() == 2);
            assertThat(registry.find("actor.messages.processed").tag("process", "Order").counter()).isNull();
        });
    }

    @Test
    void theSupervisorsOwnRequestsAreNeitherCountedNorObserved() {
        runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            ObservationRegistry observations = context.getBean(ObservationRegistry.class);

            Observation.createNotStarted("request", observations).observe(() -> {
                orders(context).getOrStart("42").call(new ShowMdc());   // StartChild to the supervisor, then a call
                orders(context).count();
            });

            await().atMost(WAIT).until(() -> registry.find("actor.message").timers().stream().mapToLong(Timer::count).sum() == 1
                    && registry.find("actor.messages.processed").counters().stream().mapToDouble(c -> c.count()).sum() >= 1);
            assertThat(registry.find("actor.messages.processed").counters())
                    .extracting(counter -> counter.getId().getTag("process")).containsExactly("order");
            assertThat(registry.find("actor.message").timers()).extracting(Timer::getId)
                    .extracting(id -> id.getTag("actor.process") + " " + id.getTag("actor.message.type"))
                    .containsExactly("order ShowMdc");
        });
    }

    // ---- the supervisors' log lines ----

    private final Logger supervisorLog = (Logger) LoggerFactory.getLogger("dev.actorkit.Supervisor");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logged.start();
        supervisorLog.addAppender(logged);
        // The runtime logs through System.Logger, which goes to java.util.logging here; Boot's logging
        // system installs this bridge in an application.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    @AfterEach
    void stopCapturing() {
        supervisorLog.detachAppender(logged);
        SLF4JBridgeHandler.uninstall();
    }

    @Test
    void aSupervisorsLogLinesNameIt() {
        runner.run(context -> {
            orders(context).getOrStart("42").send(new Fail());

            await().atMost(WAIT).until(() -> logged.list.stream().anyMatch(e -> e.getFormattedMessage().contains("restarting")));
            ILoggingEvent restart = logged.list.stream().filter(e -> e.getFormattedMessage().contains("restarting"))
                    .findFirst().orElseThrow();
            assertThat(restart.getFormattedMessage()).matches("supervisor <[0-9.]+> \\(orders\\): child .* exited with .*");
        });
    }
}
