package dev.actorkit;

import java.util.Objects;

/**
 * The message a monitor delivers once, when the monitored process exits: Erlang's
 * {@code {'DOWN', Ref, process, Pid, Reason}}. Immutable.
 *
 * @param ref     the monitor that fired, as returned by {@link ProcessContext#monitor(ProcessRef)}
 * @param process the monitored process
 * @param reason  its exit reason, or {@link ExitReason#NOPROC} if it was already dead
 */
public record Down(MonitorRef ref, ProcessRef<?> process, ExitReason reason) {
    public Down {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(reason, "reason");
    }
}
