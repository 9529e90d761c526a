package dev.actorkit.autoconfigure;

import static dev.actorkit.autoconfigure.ActorAutoConfigurationTest.ref;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.DeadLetter;
import dev.actorkit.NoProcessException;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.autoconfigure.ActorAutoConfigurationTest.ShopApplication;
import dev.actorkit.autoconfigure.fixtures.Journal;
import dev.actorkit.autoconfigure.fixtures.Tally;
import dev.actorkit.autoconfigure.fixtures.drain.Sink;
import dev.actorkit.autoconfigure.fixtures.drain.Sink.Item;
import dev.actorkit.autoconfigure.fixtures.early.Eager;
import dev.actorkit.autoconfigure.fixtures.early.Recorder;
import dev.actorkit.autoconfigure.fixtures.shop.Counter;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class LifecycleTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class));

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Recorder.class)
    static class EarlyApplication {
        @Bean
        Journal journal() {
            return new Journal();
        }

        @Bean
        Eager eager(ProcessRef<Recorder> recorder) {
            return new Eager(recorder);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Sink.class)
    static class DrainApplication {
    }

    /** Stands for the web server: a lifecycle in its phase that notes whether the counter runs. */
    static class WebServerStandIn implements SmartLifecycle {
        final List<String> seen = new CopyOnWriteArrayList<>();
        private final ProcessRef<Counter> counter;
        private volatile boolean running;

        WebServerStandIn(ProcessRef<Counter> counter) {
            this.counter = counter;
        }

        @Override
        public void start() {
            seen.add("web server starts; counter alive: " + counter.isAlive());
            running = true;
        }

        @Override
        public void stop() {
            seen.add("web server stops; counter alive: " + counter.isAlive());
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE;
        }
    }

    @Test
    void theTreeStartsBeforeTheWebServerAndStopsAfterItAndItsGracefulShutdown() {
        assertThat(ActorAutoConfiguration.LIFECYCLE_PHASE)
                .isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE)
                .isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
        WebServerStandIn[] webServer = new WebServerStandIn[1];
        runner.withUserConfiguration(ShopApplication.class)
                .withBean(WebServerStandIn.class)
                .run(context -> {
                    webServer[0] = context.getBean(WebServerStandIn.class);
                    assertThat(context.getBean(ProcessTree.class).getPhase()).isEqualTo(ActorAutoConfiguration.LIFECYCLE_PHASE);
                });
        assertThat(webServer[0].seen).containsExactly("web server starts; counter alive: true",
                "web server stops; counter alive: true");
    }

    @Test
    void messagesSentFromConstructorsAndPostConstructBeforeTheStartAreHandledInOrder() {
        runner.withUserConfiguration(EarlyApplication.class).run(context -> {
            Eager eager = context.getBean(Eager.class);

            assertThat(eager.echo().get(5, SECONDS)).isEqualTo("echo before the start");
            assertThat(context.getBean(Journal.class).entries())
                    .containsExactly("note from the constructor", "note from @PostConstruct");
        });
    }

    @Test
    void aCallBeforeTheStartFailsAtOnceAndSaysWhatToDoInstead() {
        runner.withUserConfiguration(EarlyApplication.class).run(context ->
                assertThat(context.getBean(Eager.class).callFailure())
                        .isInstanceOf(NoProcessException.class)
                        .hasMessageContaining("process 'recorder' has not started yet")
                        .hasMessageContaining("Send to it instead"));
    }

    @Test
    void messagesAcceptedBeforeShutdownAreAllHandled() {
        int sent = 5_000;
        Tally tally = new Tally();
        Scheduler[] scheduler = new Scheduler[1];
        List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
        runner.withUserConfiguration(DrainApplication.class).withBean(Tally.class, () -> tally).run(context -> {
            scheduler[0] = context.getBean(Scheduler.class);
            scheduler[0].onDeadLetter(deadLetters::add);
            ProcessRef<Sink> sink = ref(context.getBean("sinkRef"));
            for (int i = 0; i < sent; i++) {
                sink.send(new Item(i));
            }
            System.out.printf("at shutdown, %d of %d items were still waiting%n", sent - tally.get(), sent);
        });                                          // the context closes here, with a backlog

        assertThat(tally.get()).isEqualTo(sent);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void drainingAtShutdownEndsWithTheShutdownTimeoutAndWhatIsLeftIsDeadLettered() {
        int sent = 50_000;                           // a second of work, far beyond the timeout
        Tally tally = new Tally();
        Queue<DeadLetter> deadLetters = new ConcurrentLinkedQueue<>();
        runner.withUserConfiguration(DrainApplication.class).withBean(Tally.class, () -> tally)
                .withPropertyValues("actor.processes.sink.shutdown=50ms")
                .run(context -> {
                    context.getBean(Scheduler.class).onDeadLetter(deadLetters::add);
                    ProcessRef<Sink> sink = ref(context.getBean("sinkRef"));
                    for (int i = 0; i < sent; i++) {
                        sink.send(new Item(i));
                    }
                });

        assertThat(tally.get()).isLessThan(sent);
        // The runtime may record the last dead letters just after the stop returns.
        await().atMost(10, SECONDS).until(() -> tally.get() + deadLetters.size() == sent);   // nothing lost silently
        assertThat(deadLetters).allSatisfy(letter -> assertThat(letter.cause()).isEqualTo(DeadLetter.Cause.SHUTDOWN));
    }
}
