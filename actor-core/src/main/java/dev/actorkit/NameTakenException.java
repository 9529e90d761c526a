package dev.actorkit;

/** A name could not be registered because a live process holds it, or the process already has a name. */
public class NameTakenException extends ActorException {

    private final transient ProcessRef<?> holder;

    public NameTakenException(String message, ProcessRef<?> holder) {
        super(message);
        this.holder = holder;
    }

    /** The process that holds the name (or the process that already had another name). */
    public ProcessRef<?> holder() {
        return holder;
    }
}
