package dev.actorkit.cluster;

import dev.actorkit.ActorException;

/** An encoded message is larger than {@link ClusterConfig#maxMessageBytes()}; thrown at the sender, nothing was sent. */
public final class MessageTooLargeException extends ActorException {

    public MessageTooLargeException(Class<?> type, int size, int limit) {
        super("a " + type.getName() + " encodes to " + size + " bytes, more than the limit of " + limit
                + " bytes per message; send smaller messages or raise ClusterConfig.builder().maxMessageBytes(...)");
    }
}
