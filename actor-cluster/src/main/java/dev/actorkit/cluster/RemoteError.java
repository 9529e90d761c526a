package dev.actorkit.cluster;

import java.util.Objects;

/**
 * The value a crash ({@code ExitReason.error(e)}) becomes when it crosses to another node: never a
 * {@code Throwable}, only text, so no class of the other node is ever loaded or instantiated. A remote
 * crash is seen locally as {@code ExitReason.of(remoteError)}. Immutable.
 *
 * @param className the class name of the exception on the node where it was thrown
 * @param message   its message, or an empty string
 * @param stackText its stack trace as printed on that node
 * @param node      the node it was thrown on
 */
public record RemoteError(String className, String message, String stackText, String node) {

    public RemoteError {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(stackText, "stackText");
        Objects.requireNonNull(node, "node");
    }

    @Override
    public String toString() {
        return "{error, " + className + (message.isEmpty() ? "" : ": " + message) + " on " + node + "}";
    }
}
