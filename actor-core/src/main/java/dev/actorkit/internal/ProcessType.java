package dev.actorkit.internal;

import dev.actorkit.Down;
import dev.actorkit.Exit;
import dev.actorkit.ExitReason;
import dev.actorkit.InvalidProcessClassException;
import dev.actorkit.ProcessContext;
import dev.actorkit.Reply;
import dev.actorkit.annotation.Init;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.annotation.Terminate;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What the runtime knows about one {@code @Process} class: its handlers, checked once, with generated
 * invokers, and the handler for each message class, resolved once and cached.
 *
 * <p>Concurrency: immutable after construction; the per-message-class cache is a {@link ClassValue},
 * safe for any thread.
 */
final class ProcessType {

    private static final ClassValue<ProcessType> TYPES = new ClassValue<>() {
        @Override
        protected ProcessType computeValue(Class<?> type) {
            return new ProcessType(type);
        }
    };

    /** Marks "no handler" in the cache, which cannot hold null. */
    private static final Handler NONE = new Handler();

    final Class<?> type;
    /** {@link dev.actorkit.ObservedProcess#typeLabel()}, worked out once per class: observers ask per message. */
    final String label;
    final boolean trapExits;
    final boolean blocking;
    private final List<Handler> handlers;
    final @Nullable Lifecycle init;
    final @Nullable Lifecycle terminate;

    private final ClassValue<Handler> byMessageClass = new ClassValue<>() {
        @Override
        protected Handler computeValue(Class<?> messageClass) {
            Handler handler = resolve(messageClass);
            return handler == null ? NONE : handler;
        }
    };

    /**
     * The checked type of {@code type}.
     *
     * @throws InvalidProcessClassException if the class breaks a rule of the programming model
     */
    static ProcessType of(Class<?> type) {
        return TYPES.get(type);
    }

    private ProcessType(Class<?> type) {
        this.type = type;
        this.label = dev.actorkit.ObservedProcess.typeLabel(type);
        Process process = findProcessAnnotation(type);
        if (process == null) {
            throw invalid(type, "is not annotated with @Process. Annotate the class with @dev.actorkit.annotation.Process"
                    + " to run it as a process.");
        }
        this.trapExits = process.trapExits();
        this.blocking = process.blocking();
        MethodHandles.Lookup lookup = lookupIn(type);
        this.handlers = findHandlers(type, lookup);
        this.init = findLifecycle(type, lookup, Init.class, Set.of(ProcessContext.class));
        this.terminate = findLifecycle(type, lookup, Terminate.class, Set.of(ProcessContext.class, ExitReason.class));
        if (trapExits && handlerFor(Exit.class) == null) {
            throw invalid(type, "is declared @Process(trapExits = true) but has no @Receive method for Exit. Add one, "
                    + "e.g. @Receive void on(Exit exit) { ... }, or drop trapExits.");
        }
    }

    /** The handler for messages of this class, or null if none accepts it. */
    @Nullable Handler handlerFor(Class<?> messageClass) {
        Handler handler = byMessageClass.get(messageClass);
        return handler == NONE ? null : handler;
    }

    private @Nullable Handler resolve(Class<?> messageClass) {
        List<Handler> accepting = new ArrayList<>();
        for (Handler handler : handlers) {
            if (handler.messageType.isAssignableFrom(messageClass)) {
                accepting.add(handler);
            }
        }
        for (Handler candidate : accepting) {
            boolean mostSpecific = accepting.stream().allMatch(other -> other.messageType.isAssignableFrom(candidate.messageType));
            if (mostSpecific) {
                return candidate;
            }
        }
        if (accepting.isEmpty()) {
            return null;
        }
        throw invalid(type, "has several handlers for " + messageClass.getName() + " and none is more specific than the"
                + " others: " + accepting.stream().map(h -> h.method.toGenericString()).collect(Collectors.joining(", "))
                + ". Add a @Receive method for " + messageClass.getSimpleName() + " itself to decide.");
    }

    private static @Nullable Process findProcessAnnotation(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Process process = c.getAnnotation(Process.class);
            if (process != null) {
                return process;
            }
        }
        return null;
    }

    private static List<Handler> findHandlers(Class<?> type, MethodHandles.Lookup lookup) {
        Map<Class<?>, Handler> byType = new HashMap<>();
        Set<String> seenSignatures = new HashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (!method.isAnnotationPresent(Receive.class) || method.isBridge() || method.isSynthetic()) {
                    continue;
                }
                if (!seenSignatures.add(method.getName() + java.util.Arrays.toString(method.getParameterTypes()))) {
                    continue; // overridden by a subclass, which was seen first
                }
                Handler handler = Handler.of(type, method, lookup);
                Handler clash = byType.putIfAbsent(handler.messageType, handler);
                if (clash != null) {
                    throw invalid(type, "has two @Receive methods for " + handler.messageType.getName() + ": "
                            + clash.method.getName() + " and " + method.getName()
                            + ". Keep one handler per message type.");
                }
            }
        }
        if (byType.isEmpty()) {
            throw invalid(type, "has no @Receive method. Add at least one, e.g. @Receive void on(MyMessage message).");
        }
        return List.copyOf(byType.values());
    }

    private static @Nullable Lifecycle findLifecycle(Class<?> type, MethodHandles.Lookup lookup,
                                                     Class<? extends java.lang.annotation.Annotation> annotation,
                                                     Set<Class<?>> allowed) {
        Method found = null;
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (!method.isAnnotationPresent(annotation) || method.isBridge()) {
                    continue;
                }
                if (found != null && !(found.getName().equals(method.getName())
                        && java.util.Arrays.equals(found.getParameterTypes(), method.getParameterTypes()))) {
                    throw invalid(type, "has two @" + annotation.getSimpleName() + " methods: " + found.getName() + " and "
                            + method.getName() + ". Keep one.");
                }
                if (found == null) {
                    found = method;
                }
            }
        }
        if (found == null) {
            return null;
        }
        checkInvocable(type, found, "@" + annotation.getSimpleName());
        Set<Class<?>> seen = new HashSet<>();
        for (Class<?> parameter : found.getParameterTypes()) {
            if (!allowed.contains(parameter) || !seen.add(parameter)) {
                throw invalid(type, "has @" + annotation.getSimpleName() + " method " + found.getName() + " with a parameter of type "
                        + parameter.getName() + "; it may take only " + allowed.stream().map(Class::getSimpleName)
                        .sorted().collect(Collectors.joining(" and ")) + ", each at most once.");
            }
        }
        return new Lifecycle(found, adapt(lookup, found, LIFECYCLE_SLOTS, LIFECYCLE_SLOTS::indexOf));
    }

    static void checkInvocable(Class<?> type, Method method, String what) {
        int modifiers = method.getModifiers();
        if (Modifier.isPrivate(modifiers)) {
            throw invalid(type, "has a private " + what + " method " + method.getName()
                    + "; the runtime does not call private methods. Make it package-private, protected or public.");
        }
        if (Modifier.isStatic(modifiers)) {
            throw invalid(type, "has a static " + what + " method " + method.getName()
                    + "; handlers belong to the process instance. Make it an instance method.");
        }
    }

    static InvalidProcessClassException invalid(Class<?> type, String problem) {
        return new InvalidProcessClassException("@Process class " + type.getName() + " " + problem);
    }

    static MethodHandles.Lookup lookupIn(Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw invalid(type, "is not accessible to ActorKit (" + e.getMessage() + "). If it lives in a named module, "
                    + "open its package to dev.actorkit.");
        }
    }

    /**
     * Adapts {@code method} to {@code (Object target, slots...) Object}: each of its parameters takes the
     * slot {@code slotOf} gives for its type, wherever it stands; a void method returns null; primitives
     * are boxed and unboxed.
     */
    static MethodHandle adapt(MethodHandles.Lookup lookup, Method method, List<Class<?>> slots, ToIntFunction<Class<?>> slotOf) {
        MethodHandle handle;
        try {
            handle = lookup.unreflect(method);
        } catch (IllegalAccessException e) {
            throw invalid(method.getDeclaringClass(), "has a method " + method.getName() + " ActorKit cannot call: " + e.getMessage());
        }
        Class<?>[] parameters = method.getParameterTypes();
        int[] reorder = new int[parameters.length + 1];
        MethodType spread = handle.type().changeParameterType(0, Object.class);
        for (int i = 0; i < parameters.length; i++) {
            int slot = slotOf.applyAsInt(parameters[i]);
            reorder[i + 1] = slot + 1;
            spread = spread.changeParameterType(i + 1, slots.get(slot));
        }
        List<Class<?>> shape = new ArrayList<>();
        shape.add(Object.class);
        shape.addAll(slots);
        MethodHandle permuted = MethodHandles.permuteArguments(handle.asType(spread),
                MethodType.methodType(method.getReturnType(), shape), reorder);
        return permuted.asType(permuted.type().changeReturnType(Object.class));
    }

    private static final List<Class<?>> LIFECYCLE_SLOTS = List.of(ProcessContext.class, ExitReason.class);

    /** An {@code @Init} or {@code @Terminate} method, adapted to {@code (Object, ProcessContext, ExitReason) Object}. */
    record Lifecycle(Method method, MethodHandle invoker) {
        void invoke(Object target, ProcessContext ctx, @Nullable ExitReason reason) throws Throwable {
            Object ignored = invoker.invokeExact(target, ctx, reason);
        }
    }

    static boolean isSignal(Class<?> messageType) {
        return messageType == Exit.class || messageType == Down.class;
    }

    static boolean isExtra(Class<?> parameter) {
        return parameter == ProcessContext.class || parameter == Reply.class;
    }
}
