package dev.actorkit;

import java.util.Objects;

/**
 * The message a process that traps exits receives for an exit signal: Erlang's
 * {@code {'EXIT', From, Reason}}. Immutable.
 *
 * @param from   the process that sent the signal (the linked process that exited, or the caller of
 *               {@code exit(target, reason)})
 * @param reason the reason carried by the signal
 */
public record Exit(ProcessRef<?> from, ExitReason reason) {
    public Exit {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(reason, "reason");
    }
}
