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

    /**
     * Answers the caller with an error (OTP's {@code {reply, {error, Reason}, State}}): its {@code call}
     * throws an {@link ErrorReplyException} whose {@link ErrorReplyException#reason() reason()} is
     * {@code reason}, and this process goes on. Only the first answer counts, a reply or an error.
     *
     * @return {@code true} if this answer reached a waiting caller
     */
    boolean replyError(Object reason);
}
