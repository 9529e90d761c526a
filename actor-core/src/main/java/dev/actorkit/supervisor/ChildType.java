package dev.actorkit.supervisor;

/** Whether a child is a worker or a supervisor. */
public enum ChildType {
    WORKER,
    SUPERVISOR
}
