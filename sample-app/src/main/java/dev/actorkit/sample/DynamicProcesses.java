package dev.actorkit.sample;

import dev.actorkit.ProcessRef;

/**
 * TEMPORARY stand-in for {@code dev.actorkit.autoconfigure.DynamicProcesses}, which the starter is
 * getting on another branch; deleted when that lands. Only what this application uses.
 */
interface DynamicProcesses<T> {

    ProcessRef<T> start();

    int count();
}
