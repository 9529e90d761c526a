package dev.actorkit.supervisor;

import dev.actorkit.ProcessRef;
import java.util.Objects;

/**
 * One child of a supervisor, as {@link Supervisor#whichChildren()} reports it. Immutable.
 *
 * @param id       the child's id ({@code "undefined"} for a dynamic supervisor's children, as in OTP)
 * @param ref      the child's stable ref: it addresses whatever incarnation runs now
 * @param type     worker or supervisor
 * @param state    running, restarting or stopped
 * @param restarts how often the supervisor has restarted it after it exited (counting the restarts of
 *                 one-for-all and rest-for-one bystanders; not {@link Supervisor#restartChild})
 */
public record ChildInfo(String id, ProcessRef<?> ref, ChildType type, ChildState state, int restarts) {
    public ChildInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
    }
}
