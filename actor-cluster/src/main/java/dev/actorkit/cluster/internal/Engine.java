package dev.actorkit.cluster.internal;

import java.util.List;

/**
 * The group-communication engine under the cluster: membership, failure detection, and a reliable,
 * ordered byte stream per pair of members. JGroups implements it ({@link JGroupsEngine}); the rest of the
 * cluster knows only this interface.
 */
interface Engine extends AutoCloseable {

    /** Joins the group; returns once this member is in a view. */
    void start(Listener listener) throws Exception;

    /** This member. */
    Member self();

    /**
     * Sends bytes to one member: reliable and in order with every other {@code send} from this member to
     * that one, as long as both stay in each other's views.
     */
    void send(Member to, byte[] bytes);

    /**
     * The certificate {@code member} presented on its TLS connection to this node, or null if the engine
     * does not check certificates ({@link #checksCertificates()} is false) or has not seen one.
     */
    java.security.cert.@org.jspecify.annotations.Nullable X509Certificate certificateOf(Member member);

    /** True when peers reach this node over mutually authenticated TLS whose certificates the engine keeps. */
    boolean checksCertificates();

    @Override
    void close();

    /** An engine address; equal for the same member incarnation. */
    record Member(Object address, String name) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Member member && address.equals(member.address);
        }

        @Override
        public int hashCode() {
            return address.hashCode();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Called by the engine; calls about one sender come one at a time and in order. */
    interface Listener {
        /**
         * The members changed: a node joined, left, was declared down, or partitions merged.
         *
         * @param merged true when this view is the result of a merge of partitions
         */
        void viewChanged(List<Member> members, boolean merged);

        void received(Member from, byte[] bytes, int offset, int length);
    }
}
