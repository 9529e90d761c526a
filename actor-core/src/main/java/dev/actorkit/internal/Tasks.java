package dev.actorkit.internal;

import dev.actorkit.ExitReason;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessRef;
import org.jspecify.annotations.Nullable;

/** Runtime support for {@link dev.actorkit.Task}: who owns a task, and signalling it. */
public final class Tasks {

    private Tasks() {
    }

    /** The owner of a task: the process that started it, or a plain thread. Immutable. */
    public record Owner(@Nullable ProcessCell process) {

        public boolean isProcess() {
            return process != null;
        }

        public ProcessContext context() {
            if (process == null) {
                throw new IllegalStateException("the owner of this task is not a process");
            }
            return process;
        }

        /** Elixir: only the owner may await a task it started as a process. */
        public void checkCaller(String operation) {
            if (process != null && ProcessCell.current() != process) {
                throw new IllegalStateException(operation + " must be called by the task's owner " + process.pid()
                        + ", the process that started it; the task's result and link belong to that process.");
            }
        }
    }

    /** The owner for a task started by the calling code. */
    public static Owner owner() {
        return new Owner(ProcessCell.current());
    }

    /** Sends an exit signal to a task's process, from the calling process or from outside. */
    public static void exit(ProcessRef<?> task, ExitReason reason) {
        ProcessCell cell = (ProcessCell) task;
        cell.runtime.exit(task, reason);
    }
}
