package dev.actorkit;

/**
 * A {@link Table} was used after it was deleted: its owner exited with no live heir to take it over,
 * or {@link Table#delete()} was called. The message says which.
 */
public class TableDeletedException extends ActorException {

    public TableDeletedException(String message) {
        super(message);
    }
}
