package dev.actorkit.internal;

import dev.actorkit.ExitReason;
import dev.actorkit.ProcessContext;
import dev.actorkit.annotation.Init;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The process behind {@link dev.actorkit.Agent}: an annotation-driven process holding one state.
 * Not thread-safe, like every process: its handlers run one at a time.
 *
 * @param <S> the type of the state
 */
@Process
public final class AgentServer<S> {

    /** Reads the state. */
    public record Get<S, R>(Function<? super S, ? extends R> reader) {
    }

    /** Replaces the state. */
    public record Update<S>(UnaryOperator<S> update) {
    }

    /** Replaces the state and replies with the old one. */
    public record GetAndUpdate<S>(UnaryOperator<S> update) {
    }

    /** Stops the agent with a reason. */
    public record Stop(ExitReason reason) {
    }

    private final Supplier<? extends S> initial;
    private @Nullable S state;

    public AgentServer(Supplier<? extends S> initial) {
        this.initial = initial;
    }

    @Init
    void init() {
        state = initial.get();
    }

    @Receive
    @Nullable Object on(Get<S, ?> get) {
        return get.reader().apply(state);
    }

    @Receive
    void on(Update<S> update) {
        state = update.update().apply(state);
    }

    @Receive
    @Nullable Object on(GetAndUpdate<S> getAndUpdate) {
        S old = state;
        state = getAndUpdate.update().apply(state);
        return old;
    }

    @Receive
    void on(Stop stop, ProcessContext ctx) {
        ctx.exit(stop.reason());
    }
}
