package dev.actorkit;

import org.jspecify.annotations.Nullable;

/**
 * The message a process receives when it becomes the owner of a {@link Table}: as the table's heir
 * when its owner exited, or from {@link Table#giveAway}. Erlang's
 * {@code {'ETS-TRANSFER', Tab, FromPid, HeirData}}. Immutable.
 *
 * @param table    the table, now owned by the receiver; cast it to its key and value types
 * @param from     the previous owner
 * @param heirData the heir data given to {@link Table#create(ProcessRef, Table.Access, ProcessRef, Object)},
 *                 or the data given to {@link Table#giveAway}
 */
public record TableTransfer(Table<?, ?> table, ProcessRef<?> from, @Nullable Object heirData) {
}
