package dev.actorkit.supervisor;

import dev.actorkit.MailboxConfig;
import dev.actorkit.ProcessBody;
import dev.actorkit.ProcessName;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How a supervisor starts, restarts and stops one child: OTP's child spec. Immutable; derive variants
 * with the {@code with...} methods.
 *
 * <pre>{@code
 * ChildSpec.worker("cache", Cache::new)
 *          .withRestart(Restart.TRANSIENT)
 *          .withShutdown(Shutdown.timeout(Duration.ofSeconds(10)))
 * }</pre>
 *
 * @param id       unique among the supervisor's children
 * @param start    what runs in the child
 * @param restart  when it is restarted ({@link Restart#PERMANENT} by default)
 * @param shutdown how it is stopped (5 s for workers, {@link Shutdown#infinity()} for supervisors)
 * @param name     a name given to each incarnation when it starts, or null
 * @param mailbox  the child's mailbox, which outlives its incarnations (unbounded by default)
 */
public record ChildSpec(String id, Start start, Restart restart, Shutdown shutdown, @Nullable ProcessName name,
                        MailboxConfig mailbox) {

    private static final Shutdown WORKER_SHUTDOWN = Shutdown.timeout(Duration.ofSeconds(5));

    public ChildSpec {
        Objects.requireNonNull(id, "id must not be null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a child id must not be blank");
        }
        Objects.requireNonNull(start, "start must not be null");
        Objects.requireNonNull(restart, "restart must not be null");
        Objects.requireNonNull(shutdown, "shutdown must not be null");
        Objects.requireNonNull(mailbox, "mailbox must not be null");
    }

    /** An annotation-driven worker: a fresh instance from {@code factory} for each incarnation. */
    public static ChildSpec worker(String id, Supplier<?> factory) {
        return new ChildSpec(id, new Start.Factory(factory), Restart.PERMANENT, WORKER_SHUTDOWN, null, MailboxConfig.unbounded());
    }

    /** A blocking-style worker running {@code body}, afresh for each incarnation. */
    public static ChildSpec worker(String id, ProcessBody body) {
        return new ChildSpec(id, new Start.Body(body), Restart.PERMANENT, WORKER_SHUTDOWN, null, MailboxConfig.unbounded());
    }

    /** A nested supervisor. */
    public static ChildSpec supervisor(String id, SupervisorSpec spec) {
        return new ChildSpec(id, new Start.Nested(spec), Restart.PERMANENT, Shutdown.infinity(), null, MailboxConfig.unbounded());
    }

    public ChildSpec withRestart(Restart restart) {
        return new ChildSpec(id, start, restart, shutdown, name, mailbox);
    }

    public ChildSpec withShutdown(Shutdown shutdown) {
        return new ChildSpec(id, start, restart, shutdown, name, mailbox);
    }

    /** Names each incarnation when it starts, e.g. {@code ProcessName.local("kv")} or {@code registry.via(key)}. */
    public ChildSpec withName(ProcessName name) {
        return new ChildSpec(id, start, restart, shutdown, Objects.requireNonNull(name, "name must not be null"), mailbox);
    }

    /** Bounds the child's mailbox (it survives restarts, so the bound holds across them). */
    public ChildSpec withMailbox(MailboxConfig mailbox) {
        return new ChildSpec(id, start, restart, shutdown, name, mailbox);
    }

    public ChildType type() {
        return start instanceof Start.Nested ? ChildType.SUPERVISOR : ChildType.WORKER;
    }

    /** What runs in a child. */
    public sealed interface Start permits Start.Factory, Start.Body, Start.Nested {

        /** An annotation-driven process from a factory. */
        record Factory(Supplier<?> factory) implements Start {
            public Factory {
                Objects.requireNonNull(factory, "factory must not be null");
            }
        }

        /** A blocking-style process. */
        record Body(ProcessBody body) implements Start {
            public Body {
                Objects.requireNonNull(body, "body must not be null");
            }
        }

        /** A supervisor. */
        record Nested(SupervisorSpec spec) implements Start {
            public Nested {
                Objects.requireNonNull(spec, "spec must not be null");
            }
        }
    }
}
