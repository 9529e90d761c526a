package dev.actorkit;

/** What a process is doing, as in Erlang's {@code process_info(Pid, status)}. */
public enum ProcessStatus {
    /** Executing code. */
    RUNNING,
    /** Has messages to handle and waits for a thread. */
    RUNNABLE,
    /** Waiting for a message. */
    WAITING,
    /** Has exited, or is exiting. */
    EXITED
}
