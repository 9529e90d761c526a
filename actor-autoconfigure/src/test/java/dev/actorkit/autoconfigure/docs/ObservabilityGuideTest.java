package dev.actorkit.autoconfigure.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

// tag::imports[]
import dev.actorkit.ContextPropagator;
import dev.actorkit.ObservedProcess;
import dev.actorkit.ProcessObserver;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.SchedulerConfig;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
// end::imports[]
import dev.actorkit.autoconfigure.ActorAutoConfiguration;
import dev.actorkit.autoconfigure.ActorObservabilityAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The examples of {@code docs/observability.md}. */
class ObservabilityGuideTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Greeter.class)
    static class Application {
        @Bean
        Clock clock() { // for the Spring Boot guide's counter, a process of this package too
            return new Clock();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class, ActorObservabilityAutoConfiguration.class))
            .withUserConfiguration(Application.class)
            // the Spring Boot guide's per-entity cart, a process of this package too, runs under its dynamic supervisor
            .withPropertyValues("actor.supervision.carts.strategy=dynamic", "actor.supervision.carts.process=cart");

    @Test
    void theMetersCountWhatTheProcessesDo() {
        runner.withBean(SimpleMeterRegistry.class).run(context -> {
            @SuppressWarnings("unchecked")
            ProcessRef<Greeter> greeter = context.getBean("greeterRef", ProcessRef.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            // tag::meters[]
            greeter.send(new Greet("Ada"));

            await().atMost(WAIT).until(() ->
                    registry.get("actor.messages.processed").tag("process", "greeter").counter().count() == 1);
            assertThat(registry.get("actor.message.processing").tag("process", "greeter").timer().count()).isEqualTo(1);
            // end::meters[]
        });
    }

    /** The meters table of docs/observability.md names every meter the starter registers. */
    @Test
    void everyMeterTheStarterRegistersIsInTheGuidesTable() throws java.io.IOException {
        java.nio.file.Path page = java.nio.file.Path.of("..", "docs", "observability.md");
        String guide = java.nio.file.Files.readString(page);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(
                new io.micrometer.core.instrument.observation.DefaultMeterObservationHandler(meters));
        runner.withBean(MeterRegistry.class, () -> meters).withBean(ObservationRegistry.class, () -> observations)
                .withPropertyValues("actor.supervision.carts.idle-timeout=1h")
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    ProcessRef<Greeter> greeter = context.getBean("greeterRef", ProcessRef.class);
                    Observation.createNotStarted("request", observations).observe(() -> greeter.call(new Greet("Ada")));
                    context.getBean(dev.actorkit.Scheduler.class).spawn(ctx -> { }).termination().join();
                    await().atMost(WAIT).until(() -> meters.find("actor.messages.processed").counter() != null);

                    assertThat(meters.getMeters()).extracting(meter -> meter.getId().getName())
                            .filteredOn(name -> name.startsWith("actor."))
                            .isNotEmpty()
                            .allSatisfy(name -> assertThat(guide).as("docs/observability.md lists " + name)
                                    .contains("| `" + name + "` |"));
                });
    }

    @Test
    void aCallInsideAnObservationIsHandledInAChildObservation() {
        ObservationRegistry registry = ObservationRegistry.create();
        Map<String, String> parents = new ConcurrentHashMap<>();
        registry.observationConfig().observationHandler(new ObservationHandler<>() { // a tracer bridge, in an application
            @Override
            public void onStart(Observation.Context context) {
                if (context.getParentObservation() != null) {
                    parents.put(context.getName(), context.getParentObservation().getContextView().getName());
                }
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        runner.withBean(ObservationRegistry.class, () -> registry).run(context -> {
            @SuppressWarnings("unchecked")
            ProcessRef<Greeter> greeter = context.getBean("greeterRef", ProcessRef.class);
            // tag::tracing[]
            Observation request = Observation.start("checkout", registry);
            try (Observation.Scope scope = request.openScope()) {
                greeter.send(new Greet("Alan"));    // handled in an "actor.message" observation, a child of "checkout"
            } finally {
                request.stop();
            }
            // end::tracing[]
            await().atMost(WAIT).until(() -> "checkout".equals(parents.get("actor.message")));
        });
    }

    @Test
    void anObserverSeesEveryHandledMessageWithoutSpring() {
        // tag::observer[]
        class HandledByType implements ProcessObserver {
            final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

            @Override
            public void messageHandled(ObservedProcess process, Class<?> messageType, long nanos, boolean crashed) {
                counts.computeIfAbsent(process.label() + " " + messageType.getSimpleName(), k -> new LongAdder()).increment();
            }
        }
        HandledByType handled = new HandledByType();
        try (Scheduler scheduler = Scheduler.create(SchedulerConfig.defaults().withObserver(handled))) {
            ProcessRef<Greeter> greeter = scheduler.spawn(Greeter::new);
            greeter.send(new Greet("Grace"));
            await().atMost(WAIT).until(() -> handled.counts.containsKey("Greeter Greet"));
        }
        // end::observer[]
    }

    @Test
    void aPropagatorCarriesAThreadLocalToTheProcess() {
        // tag::propagator[]
        ThreadLocal<String> tenant = new ThreadLocal<>();
        ContextPropagator carryTenant = new ContextPropagator() {
            @Override
            public @Nullable Object capture() {
                return tenant.get();                    // null: nothing to carry, the message travels bare
            }

            @Override
            public ProcessObserver.Scope restore(Object context, ObservedProcess receiver, Class<?> messageType) {
                tenant.set((String) context);
                return tenant::remove;
            }
        };
        try (Scheduler scheduler = Scheduler.create(SchedulerConfig.defaults().withContextPropagator(carryTenant))) {
            ProcessRef<Object> echo = scheduler.spawn(ctx -> {
                while (true) {
                    if (ctx.receive() instanceof dev.actorkit.Call call) {
                        call.reply(tenant.get());
                    }
                }
            });
            tenant.set("acme");
            assertThat(echo.<String>call("which tenant?")).isEqualTo("acme");
        }
        // end::propagator[]
    }
}

// tag::process[]
record Greet(String name) { }

@Process
class Greeter {
    private static final Logger LOG = LoggerFactory.getLogger(Greeter.class);

    @Receive
    void on(Greet greet) {
        LOG.info("greeting {}", greet.name());          // MDC: actor.pid=<0.12.0> actor.process=greeter
    }
}
// end::process[]
