package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code @Process} class that breaks a rule of the programming model is refused at spawn with an
 * {@link InvalidProcessClassException} whose message names the class, the method and the fix.
 */
@Timeout(30)
class ProcessClassValidationTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(200));
    }

    record Ping() { }

    static class NotAnnotated {
        @Receive
        void on(Ping m) {
        }
    }

    @Process
    static class NoHandlers {
        void on(Ping m) {
        }
    }

    @Process
    static class HandlerWithoutMessage {
        @Receive
        void onNothing(ProcessContext ctx) {
        }
    }

    @Process
    static class TwoHandlersForOneType {
        @Receive
        void onFirst(Ping m) {
        }

        @Receive
        void onSecond(Ping m, ProcessContext ctx) {
        }
    }

    @Process(trapExits = true)
    static class ExitHandlerReturningValue {
        @Receive
        String onExit(Exit exit) {
            return "seen";
        }
    }

    @Process
    static class DownHandlerReturningValue {
        @Receive
        boolean onDown(Down down) {
            return true;
        }
    }

    @Process
    static class PrivateHandler {
        @Receive
        private void hidden(Ping m) {
        }
    }

    @Process
    static class StaticHandler {
        @Receive
        static void shared(Ping m) {
        }
    }

    @Process
    static class ReturnsAndTakesReply {
        @Receive
        String answer(Ping m, Reply<String> reply) {
            return "twice";
        }
    }

    @Process
    static class TwoMessageParameters {
        @Receive
        void both(Ping first, String second) {
        }
    }

    @Process(trapExits = true)
    static class TrapsWithoutExitHandler {
        @Receive
        void on(Ping m) {
        }
    }

    interface Audited { }
    interface Billed { }
    record Invoice(int amount) implements Audited, Billed { }

    @Process
    static class AmbiguousHandlers {
        @Receive
        void onAudited(Audited m) {
        }

        @Receive
        void onBilled(Billed m) {
        }

        @Receive
        String on(Ping m) {
            return "pong";
        }
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Supplier<?> factory, Class<?> type) {
        return assertThatThrownBy(() -> scheduler.spawn(factory))
                .isInstanceOf(InvalidProcessClassException.class)
                .hasMessageContaining(type.getName());
    }

    @Test
    void aClassWithoutProcessIsRefused() {
        assertRefused(NotAnnotated::new, NotAnnotated.class)
                .hasMessageContaining("not annotated with @Process")
                .hasMessageContaining("Annotate the class with @dev.actorkit.annotation.Process");
    }

    @Test
    void aClassWithoutReceiveMethodsIsRefused() {
        assertRefused(NoHandlers::new, NoHandlers.class)
                .hasMessageContaining("no @Receive method")
                .hasMessageContaining("Add at least one");
    }

    @Test
    void aReceiveMethodWithoutAMessageParameterIsRefused() {
        assertRefused(HandlerWithoutMessage::new, HandlerWithoutMessage.class)
                .hasMessageContaining("onNothing")
                .hasMessageContaining("no message parameter")
                .hasMessageContaining("Add one");
    }

    @Test
    void twoHandlersForTheSameMessageTypeAreRefused() {
        assertRefused(TwoHandlersForOneType::new, TwoHandlersForOneType.class)
                .hasMessageContaining("onFirst")
                .hasMessageContaining("onSecond")
                .hasMessageContaining(Ping.class.getName())
                .hasMessageContaining("Keep one handler per message type");
    }

    @Test
    void anExitHandlerThatReturnsAValueIsRefused() {
        assertRefused(ExitHandlerReturningValue::new, ExitHandlerReturningValue.class)
                .hasMessageContaining("onExit")
                .hasMessageContaining("Make it void");
    }

    @Test
    void aDownHandlerThatReturnsAValueIsRefused() {
        assertRefused(DownHandlerReturningValue::new, DownHandlerReturningValue.class)
                .hasMessageContaining("onDown")
                .hasMessageContaining("Make it void");
    }

    @Test
    void aPrivateHandlerIsRefused() {
        assertRefused(PrivateHandler::new, PrivateHandler.class)
                .hasMessageContaining("hidden")
                .hasMessageContaining("private")
                .hasMessageContaining("Make it package-private");
    }

    @Test
    void aStaticHandlerIsRefused() {
        assertRefused(StaticHandler::new, StaticHandler.class)
                .hasMessageContaining("shared")
                .hasMessageContaining("static")
                .hasMessageContaining("Make it an instance method");
    }

    @Test
    void aHandlerThatBothReturnsAValueAndTakesAReplyIsRefused() {
        assertRefused(ReturnsAndTakesReply::new, ReturnsAndTakesReply.class)
                .hasMessageContaining("answer")
                .hasMessageContaining("both returns a value and takes a Reply")
                .hasMessageContaining("Either return the reply, or make it void");
    }

    @Test
    void aHandlerWithTwoMessageParametersIsRefused() {
        assertRefused(TwoMessageParameters::new, TwoMessageParameters.class)
                .hasMessageContaining("both")
                .hasMessageContaining(String.class.getName())
                .hasMessageContaining("one message parameter");
    }

    @Test
    void trapExitsWithoutAnExitHandlerIsRefused() {
        assertRefused(TrapsWithoutExitHandler::new, TrapsWithoutExitHandler.class)
                .hasMessageContaining("trapExits = true")
                .hasMessageContaining("no @Receive method for Exit")
                .hasMessageContaining("Add one");
    }

    @Test
    void aRefusedClassLeavesNoProcessBehind() {
        long spawnedBefore = scheduler.stats().spawned();

        assertThatThrownBy(() -> scheduler.spawn(PrivateHandler::new)).isInstanceOf(InvalidProcessClassException.class);

        assertThat(scheduler.processes()).isEmpty();
        assertThat(scheduler.stats().spawned()).isEqualTo(spawnedBefore);
    }

    /**
     * Ambiguity depends on the message class, so it cannot be found at spawn: the runtime resolves the
     * handler when such a message arrives (ProcessType.resolve) and refuses it there. The process crashes
     * with error(InvalidProcessClassException) naming both handlers; the message is a CRASHED dead letter.
     */
    @Test
    void aMessageMatchingTwoUnrelatedInterfaceHandlersCrashesTheProcessWithInvalidProcessClassException() throws Exception {
        ProcessRef<AmbiguousHandlers> process = scheduler.spawn(AmbiguousHandlers::new);
        assertThat(process.<String>call(new Ping())).as("spawn accepted the class").isEqualTo("pong");
        BlockingQueue<DeadLetter> letters = new LinkedBlockingQueue<>();
        scheduler.onDeadLetter(letters::add); // lives as long as this test's scheduler
        Invoice invoice = new Invoice(10);

        process.send(invoice);

        ExitReason reason = process.termination().get(5, TimeUnit.SECONDS);
        assertThat(reason).isInstanceOfSatisfying(ExitReason.Error.class, error ->
                assertThat(error.cause()).isInstanceOf(InvalidProcessClassException.class)
                        .hasMessageContaining(AmbiguousHandlers.class.getName())
                        .hasMessageContaining("onAudited")
                        .hasMessageContaining("onBilled")
                        .hasMessageContaining(Invoice.class.getName()));
        DeadLetter letter = letters.poll(5, TimeUnit.SECONDS);
        assertThat(letter).isNotNull();
        assertThat(letter.recipient()).isEqualTo(process);
        assertThat(letter.message()).isEqualTo(invoice);
        assertThat(letter.cause()).isEqualTo(DeadLetter.Cause.CRASHED);
        assertThat(letter.crash()).isSameAs(((ExitReason.Error) reason).cause());
    }
}
