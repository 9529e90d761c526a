package dev.actorkit.sample;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The store over REST, in JSON: the operations of the text protocol, and errors as RFC 9457 problem
 * details ({@code application/problem+json}).
 */
@RestController
@RequestMapping("/buckets")
class BucketController {

    record Buckets(List<String> buckets) {
    }

    record Created(String bucket) {
    }

    record Entry(String bucket, String key, String value) {
    }

    private final KeyValueStore store;

    BucketController(KeyValueStore store) {
        this.store = store;
    }

    @GetMapping
    Buckets buckets() {
        return new Buckets(store.buckets());
    }

    @PostMapping("/{bucket}")
    ResponseEntity<Created> create(@PathVariable String bucket) {
        store.create(bucket);
        return ResponseEntity.created(URI.create("/buckets/" + bucket)).body(new Created(bucket));
    }

    @GetMapping("/{bucket}/{key}")
    ResponseEntity<?> get(@PathVariable String bucket, @PathVariable String key) {
        return store.get(bucket, key)
                .<ResponseEntity<?>>map(value -> ResponseEntity.ok(new Entry(bucket, key, value)))
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "bucket '" + bucket + "' has no key '" + key + "'"));
    }

    /** The body is the value, as text. */
    @PutMapping("/{bucket}/{key}")
    Entry put(@PathVariable String bucket, @PathVariable String key, @RequestBody String value) {
        store.put(bucket, key, value);
        return new Entry(bucket, key, value);
    }

    @DeleteMapping("/{bucket}/{key}")
    ResponseEntity<Void> delete(@PathVariable String bucket, @PathVariable String key) {
        store.delete(bucket, key);
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> notFound(KeyValueStore.NotFound notFound) {
        return problem(HttpStatus.NOT_FOUND, notFound.getMessage() + " with POST /buckets/{name}");
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> badInput(IllegalArgumentException bad) {
        return problem(HttpStatus.BAD_REQUEST, bad.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(KeyValueStore.Unavailable unavailable) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, unavailable.getMessage());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
