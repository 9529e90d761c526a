package dev.actorkit.cluster;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.NameCache;

/**
 * A test protocol at the top of a node's stack that makes the node's receiving side stop taking messages
 * from chosen nodes: the JGroups thread delivering them waits here, as a node too busy to read would.
 * Everything below (flow control, retransmission) keeps working and sees a receiver that does not consume.
 *
 * <p>Concurrency: JGroups threads wait on this object's monitor; {@link #open} wakes them.
 */
public final class Gate extends Protocol {

    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /** Messages from the node named {@code nodeName} wait here until {@link #open} is called. */
    public void hold(String nodeName) {
        held.add(nodeName);
    }

    public synchronized void open(String nodeName) {
        held.remove(nodeName);
        notifyAll();
    }

    /** Lets everything through again (before a node closes, so no JGroups thread stays parked here). */
    public synchronized void openAll() {
        held.clear();
        notifyAll();
    }

    /** Whether a JGroups thread is waiting here now. */
    public synchronized boolean isHoldingAThread() {
        return waiting > 0;
    }

    private int waiting;

    @Override
    public Object up(Message message) {
        waitWhileHeld(message);
        return up_prot.up(message);
    }

    @Override
    public void up(MessageBatch batch) {
        for (Message message : batch) {
            waitWhileHeld(message);
        }
        up_prot.up(batch);
    }

    private synchronized void waitWhileHeld(Message message) {
        String from = String.valueOf(NameCache.get(message.getSrc()));
        while (held.contains(from)) {
            waiting++;
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                waiting--;
            }
        }
    }
}
