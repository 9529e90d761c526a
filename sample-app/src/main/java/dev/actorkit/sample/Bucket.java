package dev.actorkit.sample;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One bucket of the store: a process holding a map, the guide's {@code KV.Bucket}. Buckets are started
 * by the {@link BucketRegistry} under the {@code buckets} dynamic supervisor of {@code application.yml}.
 * All three messages are calls: a {@code PUT} is acknowledged only once the bucket holds the value, as the
 * guide's synchronous {@code Agent.update} does.
 */
@Process
class Bucket {

    /** Replies with the value, or empty when the key is absent. */
    record Get(String key) {
    }

    record Put(String key, String value) {
    }

    record Delete(String key) {
    }

    private final Map<String, String> entries = new HashMap<>();

    @Receive
    Optional<String> on(Get get) {
        return Optional.ofNullable(entries.get(get.key()));
    }

    @Receive
    void on(Put put) {
        entries.put(put.key(), put.value());
    }

    @Receive
    void on(Delete delete) {
        entries.remove(delete.key());
    }
}
