package dev.actorkit.cluster.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * Encodes and decodes {@link Frame}s: CBOR, with the frame kind named by its simple class name, except the
 * one frame on the hot path, {@link Frame.Send}, which has a fixed binary layout behind a first byte no
 * CBOR map can start with. Thread-safe.
 */
final class Frames {

    private static final CBORMapper MAPPER = mapper();
    private static final ObjectWriter WRITER = MAPPER.writerFor(Frame.class);
    private static final ObjectReader READER = MAPPER.readerFor(Frame.class);
    /** Marks a binary {@link Frame.Send}; CBOR maps start with 0xa0..0xbf. */
    private static final int SEND = 0x01;

    private Frames() {
    }

    private static CBORMapper mapper() {
        List<NamedType> kinds = new ArrayList<>();
        for (Class<?> kind : Frame.class.getPermittedSubclasses()) {
            kinds.add(new NamedType(kind, kind.getSimpleName()));
        }
        return CBORMapper.builder()
                .registerSubtypes(kinds.toArray(NamedType[]::new))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    static byte[] encode(Frame frame) {
        if (frame instanceof Frame.Send send) {
            return encodeSend(send);
        }
        return WRITER.writeValueAsBytes(frame);
    }

    /** @throws IllegalArgumentException if the bytes are not a frame */
    static Frame decode(byte[] bytes, int offset, int length) {
        if (length > 0 && bytes[offset] == SEND) {
            return decodeSend(bytes, offset, length);
        }
        try {
            return READER.readValue(bytes, offset, length);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a cluster frame (" + length + " bytes): " + e.getOriginalMessage(), e);
        }
    }

    private static byte[] encodeSend(Frame.Send send) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(32 + send.type().length() + send.payload().length);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(SEND);
            out.writeLong(send.id());
            out.writeInt(send.serial());
            out.writeUTF(send.type());
            out.writeInt(send.payload().length);
            out.write(send.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return buffer.toByteArray();
    }

    private static Frame.Send decodeSend(byte[] bytes, int offset, int length) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, offset, length))) {
            in.readByte();
            long id = in.readLong();
            int serial = in.readInt();
            String type = in.readUTF();
            int size = in.readInt();
            if (size < 0 || size > in.available()) {
                throw new IllegalArgumentException("not a cluster frame: a message of " + size + " bytes in a frame of "
                        + length);
            }
            byte[] payload = in.readNBytes(size);
            return new Frame.Send(id, serial, type, payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a cluster frame (" + length + " bytes): " + e.getMessage(), e);
        }
    }
}
