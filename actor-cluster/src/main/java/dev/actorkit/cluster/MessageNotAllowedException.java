package dev.actorkit.cluster;

import dev.actorkit.ActorException;

/**
 * A message (or a reply) of a type that is not in the cluster's allow-list was sent to another node.
 * Thrown at the sender; nothing was sent.
 */
public final class MessageNotAllowedException extends ActorException {

    private final Class<?> type;

    public MessageNotAllowedException(Class<?> type, String detail) {
        super(type.getName() + " may not cross to another node: " + detail
                + ". Add it to the allow-list with ClusterConfig.builder().allow(" + type.getSimpleName() + ".class)"
                + " (records, enums and sealed interfaces of those; never Java serialization)");
        this.type = type;
    }

    /** The refused type. */
    public Class<?> type() {
        return type;
    }
}
