package dev.actorkit.supervisor;

/** Where a child stands, as {@code which_children} tells it. */
public enum ChildState {
    /** An incarnation is alive. */
    RUNNING,
    /** It must be restarted, and a restart attempt failed; the supervisor tries again. */
    RESTARTING,
    /** Not running: terminated, or exited and not restarted. Its spec is kept. */
    STOPPED
}
