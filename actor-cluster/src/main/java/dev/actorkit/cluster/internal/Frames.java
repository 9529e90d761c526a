package dev.actorkit.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.dataformat.cbor.CBORMapper;

/** Encodes and decodes {@link Frame}s: CBOR, with the frame kind named by its simple class name. Thread-safe. */
final class Frames {

    private static final CBORMapper MAPPER = mapper();

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
        return MAPPER.writerFor(Frame.class).writeValueAsBytes(frame);
    }

    /** @throws IllegalArgumentException if the bytes are not a frame */
    static Frame decode(byte[] bytes, int offset, int length) {
        try {
            return MAPPER.readerFor(Frame.class).readValue(bytes, offset, length);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a cluster frame (" + length + " bytes): " + e.getOriginalMessage(), e);
        }
    }
}
