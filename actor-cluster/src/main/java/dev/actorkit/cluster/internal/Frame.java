package dev.actorkit.cluster.internal;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What nodes say to each other: one frame per engine message, encoded as CBOR by {@link Frames}. User
 * messages travel inside as an allow-listed type name and its own CBOR bytes ({@link WireCodec}), so a
 * frame whose message cannot be read is still a frame whose recipient is known.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "f")
sealed interface Frame {

    /** A process on some node, as it crosses the wire. */
    record WirePid(String node, long incarnation, long id, int serial) {
    }

    /** An exit reason as a value: {@code kind} is an atom's name, "shutdown", "error" or "other". */
    record WireReason(String kind, String text, @Nullable String errorClass, @Nullable String errorMessage,
                      @Nullable String stack, @Nullable String node) {
    }

    /**
     * The first frame to every new member, and to every member after a merge: who this node is, and
     * whether it still counts the receiver as connected (after a one-sided partition it may not);
     * {@code seq} grows with each greeting of this node, so a late one is recognised.
     */
    record Hello(String name, long incarnation, boolean knowsYou, long seq) implements Frame {
    }

    /** A message to process {@code id/serial} of the receiver; counted for {@link Ack}. */
    record Send(long id, int serial, String type, byte[] payload) implements Frame {
    }

    /** A message to the process registered locally as {@code name} on the receiver. */
    record SendNamed(String name, String type, byte[] payload) implements Frame {
    }

    /** The receiver has taken {@code count} tracked frames from this sender so far. */
    record Ack(long count) implements Frame {
    }

    record CallRequest(long callId, long id, int serial, long timeoutMillis, String type, byte[] payload) implements Frame {
    }

    /** {@code status}: OK (type/payload hold the reply; empty type = null), NOPROC, EXIT (reason), UNHANDLED, TIMEOUT, ERROR (text). */
    record CallReply(long callId, String status, String type, byte[] payload, @Nullable WireReason reason,
                     String text) implements Frame {
    }

    /** An exit signal to process {@code id/serial} of the receiver, in order with the messages before it. */
    record ExitSignal(long id, int serial, WireReason reason) implements Frame {
    }

    /** Tell me once when your process {@code id/serial} exits. */
    record Watch(long id, int serial) implements Frame {
    }

    /** Your watched process {@code id/serial} exited (or never existed: NOPROC). */
    record ProcessDown(long id, int serial, WireReason reason) implements Frame {
    }

    /** What is the pid of your process registered locally as {@code name}? */
    record NameLookup(long requestId, String name) implements Frame {
    }

    record NameLookupReply(long requestId, @Nullable WirePid pid) implements Frame {
    }

    /** Start a process of the receiver's spawnable {@code type} with these arguments. */
    record SpawnRequest(long requestId, String type, String argsType, byte[] args) implements Frame {
    }

    /** The started process, or why none was. */
    record SpawnReply(long requestId, @Nullable WirePid pid, String error) implements Frame {
    }

    /** To the coordinator: register a global name. */
    record GlobalRegister(long requestId, String name, WirePid pid) implements Frame {
    }

    record GlobalReply(long requestId, boolean registered) implements Frame {
    }

    /** To the coordinator: remove a global name held by {@code pid}. */
    record GlobalUnregister(String name, WirePid pid) implements Frame {
    }

    /** From the coordinator, in its order: the name now belongs to {@code pid}. */
    record GlobalSet(String name, WirePid pid) implements Frame {
    }

    /** From the coordinator, in its order: the name held by {@code pid} is free. */
    record GlobalRemove(String name, WirePid pid) implements Frame {
    }

    /** To the coordinator after a membership change: the names this node's processes hold. */
    record GlobalClaims(Map<String, WirePid> names) implements Frame {
    }

    /** From the coordinator to a new member: the whole table. */
    record GlobalTable(Map<String, WirePid> names) implements Frame {
    }

    /** From the coordinator to the loser's node after a merge: exit {@code loser}, it lost {@code name}. */
    record GlobalConflict(String name, WirePid loser, String winnerNode) implements Frame {
    }

    record GroupJoin(String group, long id, int serial) implements Frame {
    }

    record GroupLeave(String group, long id, int serial) implements Frame {
    }

    /** Every local membership of the sender, replacing what the receiver knew of it. */
    record GroupSnapshot(List<GroupJoin> memberships) implements Frame {
    }
}
