package dev.actorkit;

import org.jspecify.annotations.Nullable;

/**
 * A deferred reply: a {@code @Receive} handler that takes a {@code Reply<R>} parameter answers the call
 * when it is ready, possibly while handling a later message (gen_server's {@code {noreply, State}} plus
 * {@code gen_server:reply/2}). Thread-safe; only the first reply counts.
 *
 * @param <R> the type of the reply
 */
public interface Reply<R> {

    /**
     * Answers the caller.
     *
     * @return {@code true} if a caller was waiting for it; {@code false} if the message came by
     *         {@code send}, the call timed out, or it was answered already
     */
    boolean reply(@Nullable R value);

    /**
     * Answers the caller with an error (OTP's {@code {reply, {error, Reason}, State}}): its {@code call}
     * throws an {@link ErrorReplyException} whose {@link ErrorReplyException#reason() reason()} is
     * {@code reason}. Only the first answer counts, a reply or an error.
     *
     * @return {@code true} if a caller was waiting for it; {@code false} otherwise, as {@link #reply}
     */
    default boolean replyError(Object reason) {
        return false;
    }
}
