package dev.actorkit.internal;

/**
 * A message with the sender's context (a trace, say), captured by the scheduler's
 * {@link dev.actorkit.ContextPropagator}. Only a scheduler with a propagator makes envelopes; the
 * receiver unwraps it before anything looks at the message, and dead letters carry the bare message.
 *
 * @param message the message as sent
 * @param context what the propagator captured at the send
 */
record Envelope(Object message, Object context) {

    /** The bare message, whether or not it travels in an envelope. */
    static Object open(Object message) {
        return message instanceof Envelope envelope ? envelope.message : message;
    }
}
