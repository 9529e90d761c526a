package dev.actorkit;

/** The process addressed is not alive, or no live process has the name used: Erlang's {@code noproc}. */
public class NoProcessException extends ActorException {

    public NoProcessException(String message) {
        super(message);
    }
}
