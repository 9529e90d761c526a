package dev.actorkit.cluster.internal;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.actorkit.ProcessRef;
import dev.actorkit.cluster.MessageNotAllowedException;
import dev.actorkit.cluster.MessageTooLargeException;
import dev.actorkit.cluster.internal.Frame.WirePid;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * Turns user messages into bytes and back, for the allow-list only: records, enums and sealed interfaces
 * (with their permitted records and enums), the record components they reach, and a few JDK value types.
 * Never Java serialization and never default typing: the type of a message travels as its class name,
 * which the receiver looks up in its own allow-list (an unknown name is never loaded); a field typed with a
 * sealed interface carries the name of one of its permitted subtypes, resolved among those only.
 * Thread-safe once built.
 */
final class WireCodec {

    /** JDK types that carry values only; allowed everywhere. */
    private static final Set<Class<?>> VALUE_TYPES = Set.of(String.class, Integer.class, Long.class, Short.class,
            Byte.class, Double.class, Float.class, Boolean.class, Character.class, BigInteger.class, BigDecimal.class,
            UUID.class, Instant.class, Duration.class, LocalDate.class, LocalDateTime.class, byte[].class);

    /** Resolves process refs as they cross: a local ref is exported, a wire pid becomes a local or remote ref. */
    interface Refs {
        WirePid toWire(ProcessRef<?> ref);

        ProcessRef<Object> fromWire(WirePid pid);
    }

    /** A message ready to cross: its allow-listed type name and its bytes. */
    record Encoded(String type, byte[] bytes) {
    }

    /** A message that arrived but cannot be read; its class was never loaded. */
    static final class UndecodableException extends Exception {
        UndecodableException(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, Class<?>> allowedByName = new HashMap<>();
    private final CBORMapper mapper;
    /** Writers and readers per allowed type, made once: making them costs more than a small message. */
    private final ClassValue<ObjectWriter> writers = new ClassValue<>() {
        @Override
        protected ObjectWriter computeValue(Class<?> type) {
            return mapper.writerFor(type);
        }
    };
    private final ClassValue<ObjectReader> readers = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return mapper.readerFor(type);
        }
    };
    private final int maxBytes;

    WireCodec(Collection<Class<?>> allowed, Refs refs, int maxBytes) {
        this.maxBytes = maxBytes;
        Set<Class<?>> closure = new HashSet<>();
        for (Class<?> type : allowed) {
            admit(type, type, closure);
        }
        for (Class<?> type : VALUE_TYPES) {
            allowedByName.put(type.getName(), type);
        }
        for (Class<?> type : closure) {
            allowedByName.put(type.getName(), type);
        }
        SimpleModule module = new SimpleModule("actorkit-cluster-refs");
        module.addSerializer(ProcessRef.class, new RefSerializer(refs));
        module.addDeserializer(ProcessRef.class, new RefDeserializer(refs));
        CBORMapper.Builder builder = CBORMapper.builder().addModule(module);
        List<NamedType> subtypes = new ArrayList<>();
        for (Class<?> type : closure) {
            if (type.isInterface()) {
                builder.addMixIn(type, SealedTypeInfo.class);
            } else {
                subtypes.add(new NamedType(type, type.getName()));
            }
        }
        this.mapper = builder.registerSubtypes(subtypes.toArray(NamedType[]::new)).build();
    }

    /** Type ids for fields typed with a sealed interface: the permitted subtype's class name, from the allow-list. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
    private interface SealedTypeInfo {
    }

    /**
     * @throws MessageNotAllowedException if the message's type is not allowed
     * @throws MessageTooLargeException   if it encodes to more than the limit
     */
    Encoded encode(Object message) {
        Class<?> type = message.getClass();
        if (allowedByName.get(type.getName()) != type) {
            throw new MessageNotAllowedException(type, "it is not in the cluster's allow-list");
        }
        byte[] bytes;
        try {
            bytes = writers.get(type).writeValueAsBytes(message);
        } catch (JacksonException e) {
            throw new MessageNotAllowedException(type, "it could not be encoded (" + e.getOriginalMessage() + ")");
        }
        if (bytes.length > maxBytes) {
            throw new MessageTooLargeException(type, bytes.length, maxBytes);
        }
        return new Encoded(type.getName(), bytes);
    }

    /** Reads a message whose type the sender named; the name must be in this node's allow-list. */
    Object decode(String typeName, byte[] bytes) throws UndecodableException {
        Class<?> type = allowedByName.get(typeName);
        if (type == null) {
            throw new UndecodableException(typeName + " is not in this node's allow-list");
        }
        if (bytes.length > maxBytes) {
            throw new UndecodableException(bytes.length + " bytes is more than this node's limit of " + maxBytes);
        }
        try {
            return readers.get(type).readValue(bytes);
        } catch (JacksonException e) {
            throw new UndecodableException("its bytes are not a valid " + typeName + ": " + e.getOriginalMessage());
        }
    }

    /** Adds {@code type} and every type its components reach to {@code closure}, or explains why it cannot cross. */
    private void admit(Type type, Class<?> root, Set<Class<?>> closure) {
        switch (type) {
            case Class<?> c when c.isPrimitive() || VALUE_TYPES.contains(c) || c == ProcessRef.class -> {
            }
            case Class<?> c when c.isArray() -> admit(c.getComponentType(), root, closure);
            case Class<?> c when closure.contains(c) -> {
            }
            case Class<?> c when c.isRecord() -> {
                closure.add(c);
                for (RecordComponent component : c.getRecordComponents()) {
                    admit(component.getGenericType(), root, closure);
                }
            }
            case Class<?> c when c.isEnum() -> closure.add(c);
            case Class<?> c when c.isSealed() && c.isInterface() -> {
                closure.add(c);
                for (Class<?> permitted : c.getPermittedSubclasses()) {
                    admit(permitted, root, closure);
                }
            }
            case ParameterizedType p when p.getRawType() == ProcessRef.class -> {
            }
            case ParameterizedType p when isContainer(p.getRawType()) -> {
                for (Type argument : p.getActualTypeArguments()) {
                    admit(argument, root, closure);
                }
            }
            case GenericArrayType array -> admit(array.getGenericComponentType(), root, closure);
            default -> throw new IllegalArgumentException("cannot allow " + root.getName() + " to cross between nodes: it"
                    + " reaches " + type.getTypeName() + ", which is neither a record, an enum, a sealed interface of"
                    + " those, a List/Set/Map/Optional of those, a ProcessRef nor a JDK value type such as String."
                    + " Use a concrete record or a sealed interface instead of an open type");
        }
    }

    private static boolean isContainer(Type raw) {
        return raw == List.class || raw == Set.class || raw == Map.class || raw == Optional.class
                || raw == Collection.class;
    }

    @SuppressWarnings("rawtypes")
    private static final class RefSerializer extends ValueSerializer<ProcessRef> {
        private final Refs refs;

        RefSerializer(Refs refs) {
            this.refs = refs;
        }

        @Override
        public void serialize(ProcessRef ref, JsonGenerator out, SerializationContext context) {
            WirePid pid = refs.toWire(ref);
            out.writeStartArray();
            out.writeString(pid.node());
            out.writeNumber(pid.incarnation());
            out.writeNumber(pid.id());
            out.writeNumber(pid.serial());
            out.writeEndArray();
        }
    }

    @SuppressWarnings("rawtypes")
    private static final class RefDeserializer extends ValueDeserializer<ProcessRef> {
        private final Refs refs;

        RefDeserializer(Refs refs) {
            this.refs = refs;
        }

        @Override
        public ProcessRef deserialize(JsonParser in, DeserializationContext context) {
            if (in.currentToken() != JsonToken.START_ARRAY) {
                return (ProcessRef) context.handleUnexpectedToken(ProcessRef.class, in);
            }
            in.nextToken();
            String node = in.getString();
            in.nextToken();
            long incarnation = in.getLongValue();
            in.nextToken();
            long id = in.getLongValue();
            in.nextToken();
            int serial = in.getIntValue();
            if (in.nextToken() != JsonToken.END_ARRAY) {
                return (ProcessRef) context.handleUnexpectedToken(ProcessRef.class, in);
            }
            return refs.fromWire(new WirePid(node, incarnation, id, serial));
        }
    }
}
