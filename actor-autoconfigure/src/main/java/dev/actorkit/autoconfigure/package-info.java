/**
 * Spring Boot auto-configuration for ActorKit: the {@link dev.actorkit.Scheduler} bean, discovery of
 * {@link dev.actorkit.annotation.Process} classes, a {@code ProcessRef<T>} bean for each, the
 * supervision tree declared under {@code actor.*} in {@code application.yml}, and its lifecycle.
 * Dynamic supervisors declared there hand out per-entity processes through a
 * {@link dev.actorkit.autoconfigure.DynamicProcesses} bean. Applications depend on
 * {@code actor-spring-boot-starter}; everything here but {@link dev.actorkit.autoconfigure.ActorAutoConfiguration},
 * {@link dev.actorkit.autoconfigure.ActorProperties}, {@link dev.actorkit.autoconfigure.ActorConfigurationException},
 * {@link dev.actorkit.autoconfigure.DynamicProcesses} and {@link dev.actorkit.autoconfigure.ProcessKey} is an
 * implementation detail.
 */
@NullMarked
package dev.actorkit.autoconfigure;

import org.jspecify.annotations.NullMarked;
