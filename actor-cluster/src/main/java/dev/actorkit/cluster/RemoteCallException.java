package dev.actorkit.cluster;

import dev.actorkit.ActorException;

/** A call to a process on another node failed for a reason other than the ones {@code ProcessRef.call} documents. */
public final class RemoteCallException extends ActorException {

    public RemoteCallException(String message) {
        super(message);
    }
}
