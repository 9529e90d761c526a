package dev.actorkit.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import dev.actorkit.cluster.MessageNotAllowedException;
import dev.actorkit.cluster.MessageTooLargeException;
import dev.actorkit.cluster.internal.Frame.WirePid;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The allow-list codec on its own: what may cross, what is refused, and how. */
class WireCodecTest {

    enum Priority { LOW, HIGH }

    sealed interface Command permits Put, Delete, Nested {
    }

    record Put(String key, long value) implements Command {
    }

    record Delete(String key) implements Command {
    }

    sealed interface Nested extends Command permits Clear {
    }

    record Clear(Priority priority) implements Nested {
    }

    record Batch(List<Command> commands, Map<String, Priority> priorities, Optional<String> note, byte[] blob,
                 ProcessRef<Object> replyTo) {
    }

    record Open(Object anything) {
    }

    record Unlisted(String value) {
    }

    /** Same name length as {@link Put}, not in the hierarchy: what a forged type id would name. */
    record Pwn(String key, long value) {
    }

    record Generic(List<? extends Command> commands) {
    }

    /** A stand-in for the node's ref table: refs cross as (node, incarnation, id, serial). */
    static final class Refs implements WireCodec.Refs {
        @Override
        public WirePid toWire(ProcessRef<?> ref) {
            return new WirePid("here", 1, ref.pid().id(), ref.pid().serial());
        }

        @Override
        public ProcessRef<Object> fromWire(WirePid pid) {
            return new FakeRef(new Pid(7, pid.id(), pid.serial()));
        }
    }

    record FakeRef(Pid pid) implements ProcessRef<Object> {
        @Override
        public void send(Object message) {
        }

        @Override
        public boolean isAlive() {
            return true;
        }

        @Override
        public CompletableFuture<dev.actorkit.ExitReason> termination() {
            return new CompletableFuture<>();
        }

        @Override
        public <R> R call(Object request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <R> R call(Object request, java.time.Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <R> CompletableFuture<R> ask(Object request, java.time.Duration timeout) {
            throw new UnsupportedOperationException();
        }
    }

    private final WireCodec codec = new WireCodec(List.of(Batch.class), new Refs(), 4096);

    @Test
    void aRecordWithSealedTypesEnumsCollectionsBytesAndARefRoundTrips() throws Exception {
        Batch batch = new Batch(List.of(new Put("a", 1), new Delete("b"), new Clear(Priority.HIGH)),
                Map.of("a", Priority.LOW), Optional.of("note"), "bytes".getBytes(StandardCharsets.UTF_8),
                new FakeRef(new Pid(0, 42, 0)));

        WireCodec.Encoded encoded = codec.encode(batch);
        Batch decoded = (Batch) codec.decode(encoded.type(), encoded.bytes());

        assertThat(encoded.type()).isEqualTo(Batch.class.getName());
        assertThat(decoded.commands()).containsExactly(new Put("a", 1), new Delete("b"), new Clear(Priority.HIGH));
        assertThat(decoded.priorities()).containsEntry("a", Priority.LOW);
        assertThat(decoded.note()).contains("note");
        assertThat(new String(decoded.blob(), StandardCharsets.UTF_8)).isEqualTo("bytes");
        assertThat(decoded.replyTo().pid()).isEqualTo(new Pid(7, 42, 0));
    }

    @Test
    void typesReachedFromAnAllowedTypeAndJdkValuesMayCrossOnTheirOwn() throws Exception {
        for (Object message : List.of(new Put("k", 3), Priority.HIGH, "text", 42L, new Clear(Priority.LOW))) {
            WireCodec.Encoded encoded = codec.encode(message);
            assertThat(codec.decode(encoded.type(), encoded.bytes())).isEqualTo(message);
        }
    }

    @Test
    void aTypeNotOnTheAllowListIsRefusedWithItsNameAndTheSettingToChange() {
        assertThatThrownBy(() -> codec.encode(new Unlisted("x")))
                .isInstanceOf(MessageNotAllowedException.class)
                .hasMessageContaining(Unlisted.class.getName())
                .hasMessageContaining("allow(Unlisted.class)");
    }

    @Test
    void aRecordThatReachesAnOpenTypeCannotBeAllowed() {
        assertThatThrownBy(() -> new WireCodec(List.of(Open.class), new Refs(), 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Open.class.getName())
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> new WireCodec(List.of(Generic.class), new Refs(), 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("? extends");
        assertThatThrownBy(() -> new WireCodec(List.of(Set.class), new Refs(), 4096))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedAtTheSender() {
        assertThatThrownBy(() -> codec.encode(new Put("k".repeat(5000), 1)))
                .isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("4096")
                .hasMessageContaining("maxMessageBytes");
    }

    @Test
    void anUnknownTypeNameAtTheReceiverIsRefusedWithoutLoadingAClass() {
        assertThatThrownBy(() -> codec.decode("java.lang.ProcessBuilder", new byte[] {(byte) 0xa0}))
                .isInstanceOf(WireCodec.UndecodableException.class)
                .hasMessageContaining("not in this node's allow-list");
    }

    @Test
    void aSubtypeNameOutsideTheSealedHierarchyIsRefusedAtTheReceiver() throws Exception {
        WireCodec.Encoded put = codec.encode(new Put("k", 1));
        String original = new String(put.bytes(), StandardCharsets.ISO_8859_1);
        assertThat(original).contains(Put.class.getName());
        String forged = original.replace(Put.class.getName(), Pwn.class.getName());
        assertThatThrownBy(() -> codec.decode(Command.class.getName(), forged.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(WireCodec.UndecodableException.class)
                .hasMessageContaining(Pwn.class.getName());
    }

    @Test
    void garbageBytesAreRefusedAsUndecodableAndGarbageFramesAsNotAFrame() {
        byte[] garbage = "definitely not CBOR".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> codec.decode(Put.class.getName(), garbage))
                .isInstanceOf(WireCodec.UndecodableException.class);
        assertThatThrownBy(() -> Frames.decode(garbage, 0, garbage.length))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a cluster frame");
    }

    @Test
    void framesRoundTrip() {
        Frame frame = new Frame.Send(5, 0, "t", new byte[] {1, 2, 3});
        byte[] bytes = Frames.encode(frame);
        Frame decoded = Frames.decode(bytes, 0, bytes.length);
        assertThat(decoded).isInstanceOfSatisfying(Frame.Send.class, send -> {
            assertThat(send.id()).isEqualTo(5);
            assertThat(send.payload()).containsExactly(1, 2, 3);
        });
    }
}
