package dev.actorkit.autoconfigure;

import dev.actorkit.DeadLetter;
import dev.actorkit.ObservedProcess;
import dev.actorkit.ProcessObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Counts what processes do in Micrometer meters: {@code actor.messages.processed},
 * {@code actor.message.processing} (tag {@code process}; the messages of the application's processes,
 * not the supervisors' own requests), {@code actor.crashes} (tag {@code process}),
 * {@code actor.messages.dead} (tag {@code cause}) and {@code actor.restarts} (tags {@code supervisor},
 * {@code child}). Registered with the scheduler as a {@link ProcessObserver}.
 *
 * <p>Concurrency: called from every thread that runs processes. The meters of each process tag are
 * made once and kept in a concurrent map, so a message costs a map read, a counter and a timer.
 */
final class ProcessMeters implements ProcessObserver {

    private final MeterRegistry registry;
    private final ProcessTags tags;
    private final Map<String, PerProcess> byProcess = new ConcurrentHashMap<>();
    private final Map<DeadLetter.Cause, Counter> deadLetters = new EnumMap<>(DeadLetter.Cause.class);

    /** The meters of one process tag. */
    private record PerProcess(Counter processed, Timer processing, Counter crashes) {
    }

    ProcessMeters(MeterRegistry registry, ProcessTags tags) {
        this.registry = registry;
        this.tags = tags;
        for (DeadLetter.Cause cause : DeadLetter.Cause.values()) {
            deadLetters.put(cause, Counter.builder("actor.messages.dead")
                    .description("Messages that were not handled: sent to a dead process, unhandled, crashed, dropped")
                    .tag("cause", cause.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    private PerProcess meters(ObservedProcess process) {
        return byProcess.computeIfAbsent(tags.process(process), tag -> new PerProcess(
                Counter.builder("actor.messages.processed").description("Messages handled by processes")
                        .tag("process", tag).register(registry),
                Timer.builder("actor.message.processing").description("How long handlers took")
                        .tag("process", tag).register(registry),
                Counter.builder("actor.crashes").description("Processes that crashed: a handler, @Init or a body threw")
                        .tag("process", tag).register(registry)));
    }

    @Override
    public void messageHandled(ObservedProcess process, Class<?> messageType, long nanos, boolean crashed) {
        if (tags.isRuntimeOwn(process)) {
            return; // a supervisor's own traffic (WhichChildren, StartChild...): not the application's messages
        }
        PerProcess meters = meters(process);
        meters.processed().increment();
        meters.processing().record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void processCrashed(ObservedProcess process, @Nullable Class<?> messageType, Throwable failure) {
        meters(process).crashes().increment();
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        deadLetters.get(letter.cause()).increment();
    }

    @Override
    public void childRestarted(ObservedProcess supervisor, String childId) {
        Counter.builder("actor.restarts").description("Children restarted by their supervisors")
                .tag("supervisor", tags.supervisor(supervisor, childId)).tag("child", childId)
                .register(registry).increment();
    }
}
