package dev.actorkit.supervisor;

/** What a supervisor restarts when a child exits and must be restarted. */
public enum Strategy {
    /** Only that child. */
    ONE_FOR_ONE,
    /** All children: the others are stopped (in reverse start order), then all restart in order. */
    ONE_FOR_ALL,
    /** That child and the children started after it. */
    REST_FOR_ONE
}
