package dev.actorkit;

import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one process, as {@code process_info/1} gives it. Immutable; the values may be stale
 * by the time they are read, as with any snapshot of a concurrent system.
 *
 * @param pid              the process
 * @param status           what it was doing
 * @param registeredName   its registered name, if any
 * @param mailboxSize      messages waiting in its mailbox
 * @param links            the processes linked to it
 * @param monitors         the processes it monitors
 * @param monitoredBy      the processes that monitor it
 * @param trapExit         whether it traps exits
 * @param messagesHandled  messages it has taken out of its mailbox so far
 * @param currentMessageType the class of the message it is handling now (of the request, for a call),
 *                         empty unless its status is {@link ProcessStatus#RUNNING}; for a blocking-style
 *                         process, the class of the message it received last
 */
public record ProcessInfo(
        Pid pid,
        ProcessStatus status,
        Optional<String> registeredName,
        int mailboxSize,
        List<ProcessRef<?>> links,
        List<ProcessRef<?>> monitors,
        List<ProcessRef<?>> monitoredBy,
        boolean trapExit,
        long messagesHandled,
        Optional<Class<?>> currentMessageType) {

    public ProcessInfo {
        links = List.copyOf(links);
        monitors = List.copyOf(monitors);
        monitoredBy = List.copyOf(monitoredBy);
    }
}
