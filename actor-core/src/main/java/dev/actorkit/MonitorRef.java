package dev.actorkit;

/**
 * Identifies one monitor; pass it to {@link ProcessContext#demonitor(MonitorRef)} and match it
 * against {@link Down#ref()}. Printed like Erlang's {@code #Ref<0.0.0.42>}. Immutable.
 *
 * @param id unique per scheduler
 */
public record MonitorRef(long id) {
    @Override
    public String toString() {
        return "#Ref<0.0.0." + id + ">";
    }
}
