package dev.actorkit;

/**
 * Thrown inside a process that has already exited (it was killed, a link took it down, or it called
 * {@link ProcessContext#exit(ExitReason)}), to unwind its code. The exit has happened already: catching
 * this changes nothing, and nothing the process does afterwards is visible to others.
 */
public class ProcessTerminatedException extends ActorException {

    private final transient ExitReason reason;

    public ProcessTerminatedException(Pid pid, ExitReason reason) {
        super("process " + pid + " has exited with reason " + reason, null);
        this.reason = reason;
    }

    /** The reason the process exited with. */
    public ExitReason reason() {
        return reason;
    }
}
