package dev.actorkit.supervisor;

import dev.actorkit.ExitReason;

/** When a child that exited is restarted. */
public enum Restart {
    /** Always. */
    PERMANENT,
    /** Unless it exited {@code NORMAL}, {@code SHUTDOWN} or {@code shutdown(detail)}. */
    TRANSIENT,
    /** Never; its spec is removed when it exits, and it is not restarted as a bystander either. */
    TEMPORARY;

    /** Whether a child with this restart type is restarted after exiting with {@code reason}. */
    public boolean restartsAfter(ExitReason reason) {
        return switch (this) {
            case PERMANENT -> true;
            case TRANSIENT -> !reason.isNormal() && !reason.isShutdown();
            case TEMPORARY -> false;
        };
    }
}
