package dev.actorkit;

/**
 * Thrown inside a process that has already exited (it was killed, a link took it down, or it called
 * {@link ProcessContext#exit(ExitReason)}), to unwind its code. The exit has happened already: catching
 * this changes nothing, and nothing the process does afterwards is visible to others.
 */
public class ProcessTerminatedException extends ActorException {

    private final transient Pid pid;
    private final transient ExitReason reason;

    public ProcessTerminatedException(Pid pid, ExitReason reason) {
        // Stackless, with its message built only if someone reads it: it is thrown on every exit
        // from inside a process, including the normal ones.
        super(null, false);
        this.pid = pid;
        this.reason = reason;
    }

    @Override
    public String getMessage() {
        return "process " + pid + " has exited with reason " + reason;
    }

    /** The reason the process exited with. */
    public ExitReason reason() {
        return reason;
    }
}
