package dev.actorkit.sample;

import dev.actorkit.ActorException;
import dev.actorkit.NoProcessException;
import dev.actorkit.ProcessExitException;
import dev.actorkit.ProcessRef;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The store's operations for the TCP connections and the REST controller: a lookup in the
 * {@link BucketRegistry}, then a call to the {@link Bucket}. Names, keys and values are single words (no
 * whitespace), as the text protocol can carry nothing else.
 *
 * <p>Thread-safe: it holds only a ref; each operation is a call to a process.
 */
@Service
class KeyValueStore {

    private static final Pattern WORD = Pattern.compile("\\S+");

    private final ProcessRef<BucketRegistry> registry;

    KeyValueStore(ProcessRef<BucketRegistry> registry) {
        this.registry = registry;
    }

    /** Creates the bucket unless it exists. */
    void create(String bucket) {
        BucketRegistry.Created created = registry(new BucketRegistry.Create(word("bucket name", bucket)));
        if (created instanceof BucketRegistry.Refused(String reason)) {
            throw new Unavailable("bucket '" + bucket + "' could not be created: " + reason, null);
        }
    }

    /** The value of {@code key}, or empty when the bucket has no such key. */
    Optional<String> get(String bucket, String key) {
        return bucket(bucket, new Bucket.Get(word("key", key)));
    }

    void put(String bucket, String key, String value) {
        bucket(bucket, new Bucket.Put(word("key", key), word("value", value)));
    }

    void delete(String bucket, String key) {
        bucket(bucket, new Bucket.Delete(word("key", key)));
    }

    /** The bucket names, sorted. */
    List<String> buckets() {
        return registry(new BucketRegistry.Names());
    }

    private <R> R registry(Object request) {
        try {
            return registry.call(request);
        } catch (ActorException failed) {
            throw new Unavailable("the bucket registry did not answer (" + failed.getMessage() + "); try again", failed);
        }
    }

    private <R> R bucket(String name, Object request) {
        Optional<ProcessRef<Bucket>> found = registry(new BucketRegistry.Lookup(name));
        ProcessRef<Bucket> bucket = found.orElseThrow(() -> new NotFound(name));
        try {
            return bucket.call(request);
        } catch (NoProcessException | ProcessExitException gone) {
            throw new NotFound(name); // it died between the lookup and the call
        } catch (ActorException failed) {
            throw new Unavailable("bucket '" + name + "' did not answer (" + failed.getMessage() + "); try again", failed);
        }
    }

    private static String word(String what, String text) {
        if (!WORD.matcher(text).matches()) {
            throw new IllegalArgumentException("a " + what + " must be one word without whitespace, but was '" + text + "'");
        }
        return text;
    }

    /** No bucket of that name. */
    static final class NotFound extends RuntimeException {
        NotFound(String bucket) {
            super("no bucket named '" + bucket + "'; create it first");
        }
    }

    /** The registry or a bucket could not answer (restarting, or at its limit). */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }
}
