package dev.actorkit;

import org.jspecify.annotations.Nullable;

/**
 * The message a blocking-style process receives when it is called with {@link ProcessRef#call}:
 * answer it with {@link #reply(Object)}. Thread-safe: the reply may be sent from any thread, once.
 */
public interface Call {

    /** The request the caller passed to {@code call}. */
    Object request();

    /** The caller, or the scheduler's system ref when the caller is not a process. */
    ProcessRef<?> from();

    /**
     * Replies to the caller. Only the first reply counts; a reply after the caller gave up
     * (timeout, or the caller died) is discarded.
     *
     * @return {@code true} if this reply reached a waiting caller
     */
    boolean reply(@Nullable Object value);
}
