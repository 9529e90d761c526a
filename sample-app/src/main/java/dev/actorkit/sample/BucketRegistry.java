package dev.actorkit.sample;

import dev.actorkit.Down;
import dev.actorkit.Exit;
import dev.actorkit.MonitorRef;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessRef;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.autoconfigure.DynamicProcesses;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps bucket names to bucket processes, the guide's {@code KV.Registry}. {@link Create} starts a bucket
 * under the {@code buckets} dynamic supervisor and monitors it; when a bucket dies, its {@link Down}
 * drops the name, so a later lookup finds nothing.
 *
 * <p>It also links to each bucket (and traps exits, so a bucket's death does not kill it): if the
 * registry itself dies, its buckets die with it instead of living on unreachable, which the guide gets
 * from a {@code one_for_all} supervisor. Its supervisor then restarts it empty.
 */
@Process(trapExits = true)
class BucketRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(BucketRegistry.class);

    /** Starts a bucket of that name unless one exists; replies with a {@link Created}. */
    record Create(String name) {
    }

    /** Replies with an {@code Optional<ProcessRef<Bucket>>}. */
    record Lookup(String name) {
    }

    /** Replies with the bucket names, sorted. */
    record Names() {
    }

    /** The reply to {@link Create}. */
    sealed interface Created permits Ready, Refused {
    }

    /** The bucket exists (already, or now). */
    record Ready() implements Created {
    }

    /** The bucket could not be started, for example because the supervisor's max-children is reached. */
    record Refused(String reason) implements Created {
    }

    private final DynamicProcesses<Bucket> buckets;
    private final Map<String, ProcessRef<Bucket>> byName = new HashMap<>();
    private final Map<MonitorRef, String> byMonitor = new HashMap<>();

    BucketRegistry(DynamicProcesses<Bucket> buckets) {
        this.buckets = buckets;
    }

    @Receive
    Created on(Create create, ProcessContext ctx) {
        if (byName.containsKey(create.name())) {
            return new Ready();
        }
        ProcessRef<Bucket> bucket;
        try {
            bucket = buckets.start();
        } catch (RuntimeException refused) {
            LOG.warn("Could not start bucket '{}': {}", create.name(), refused.toString());
            return new Refused(String.valueOf(refused.getMessage()));
        }
        ctx.link(bucket);
        byMonitor.put(ctx.monitor(bucket), create.name());
        byName.put(create.name(), bucket);
        return new Ready();
    }

    @Receive
    Optional<ProcessRef<Bucket>> on(Lookup lookup) {
        return Optional.ofNullable(byName.get(lookup.name()));
    }

    @Receive
    List<String> on(Names names) {
        return byName.keySet().stream().sorted().toList();
    }

    @Receive
    void on(Down down) {
        String name = byMonitor.remove(down.ref());
        if (name != null) {
            byName.remove(name);
            LOG.info("Bucket '{}' exited ({}); dropped its name", name, down.reason());
        }
    }

    @Receive
    void on(Exit exit) {
        // A bucket's link: its Down, which carries the name, does the work.
    }
}
