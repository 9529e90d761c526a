package dev.actorkit.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.actorkit.autoconfigure.fixtures.Journal;
import dev.actorkit.autoconfigure.fixtures.passivate.Cart;
import dev.actorkit.autoconfigure.fixtures.passivate.Cart.Add;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A per-entity process saves its state in its {@code @Passivate} method when it is passivated, and the log says so once. */
class PassivationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class))
            .withUserConfiguration(CartApplication.class)
            .withPropertyValues("actor.supervision.carts.strategy=dynamic", "actor.supervision.carts.process=cart",
                    "actor.supervision.carts.idle-timeout=200ms");

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Cart.class)
    static class CartApplication {
        @Bean
        Journal journal() {
            return new Journal();
        }
    }

    private final Logger log = (Logger) LoggerFactory.getLogger(DynamicChildren.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level level;

    @BeforeEach
    void captureDebugLines() {
        level = log.getLevel();
        log.setLevel(Level.DEBUG);
        logged.start();
        log.addAppender(logged);
    }

    @AfterEach
    void stopCapturing() {
        log.detachAppender(logged);
        log.setLevel(level);
    }

    @Test
    void anIdleEntityRunsItsPassivateMethodWithItsStateAndTheLogSaysSoOnce() {
        runner.run(context -> {
            @SuppressWarnings("unchecked")
            DynamicProcesses<Cart> carts = context.getBean("cartsProcesses", DynamicProcesses.class);
            Journal journal = context.getBean(Journal.class);

            carts.getOrStart("alice").send(new Add("milk"));
            carts.getOrStart("alice").send(new Add("eggs"));

            await().atMost(WAIT).until(() -> !journal.entries().isEmpty());
            assertThat(journal.entries()).containsExactly("saved alice: [milk, eggs]");
            assertThat(carts.find("alice")).isEmpty();
            assertThat(logged.list).filteredOn(line -> line.getLevel() == Level.DEBUG)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("Passivating 'cart' for key 'alice' of dynamic supervisor 'carts': idle for PT0.2S;"
                            + " then calling its @Passivate method save()");
        });
    }

    @Test
    void anEntityStoppedForAnotherReasonDoesNotRunItsPassivateMethod() {
        runner.withPropertyValues("actor.supervision.carts.idle-timeout=1h").run(context -> {
            @SuppressWarnings("unchecked")
            DynamicProcesses<Cart> carts = context.getBean("cartsProcesses", DynamicProcesses.class);
            carts.getOrStart("bob").send(new Add("tea"));

            assertThat(carts.stop("bob")).isTrue();

            assertThat(context.getBean(Journal.class).entries()).isEmpty();
        });
    }
}
