package dev.actorkit.autoconfigure;

import dev.actorkit.ContextPropagator;
import dev.actorkit.ObservedProcess;
import dev.actorkit.ProcessObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Carries the sender's current Micrometer {@link Observation} with each message, and handles the
 * message in an {@code actor.message} observation whose parent it is. With a tracer bridge each
 * handling is a span of the sender's trace, so a request that sends to a process, which calls another,
 * is one trace. A message sent outside any observation travels bare and is handled without one; a
 * supervisor's own requests are handled in the sender's observation, without one of their own.
 *
 * <p>Concurrency: stateless; observations are thread-safe, and each scope is opened and closed on the
 * receiver's thread.
 */
final class ObservationPropagator implements ContextPropagator {

    /** The name of the observation around handling a message. */
    static final String OBSERVATION = "actor.message";

    private final ObservationRegistry registry;
    private final ProcessTags tags;

    ObservationPropagator(ObservationRegistry registry, ProcessTags tags) {
        this.registry = registry;
        this.tags = tags;
    }

    @Override
    public @Nullable Object capture() {
        return registry.getCurrentObservation();
    }

    @Override
    public ProcessObserver.Scope restore(Object context, ObservedProcess receiver, Class<?> messageType) {
        if (tags.isRuntimeOwn(receiver)) {
            // A supervisor's own request (StartChild, WhichChildren...): the sender's trace goes on, without an
            // observation (and its meters) of the runtime's traffic.
            Observation.Scope scope = ((Observation) context).openScope();
            return scope::close;
        }
        String process = tags.process(receiver);
        Observation handling = Observation.createNotStarted(OBSERVATION, registry)
                .parentObservation((Observation) context)
                .contextualName(process + " " + messageType.getSimpleName())
                .lowCardinalityKeyValue("actor.process", process)
                .lowCardinalityKeyValue("actor.message.type", messageType.getSimpleName())
                .start();
        Observation.Scope scope = handling.openScope();
        return () -> {
            scope.close();
            handling.stop();
        };
    }

    @Override
    public String toString() {
        return "the Micrometer Observation propagator";
    }
}
