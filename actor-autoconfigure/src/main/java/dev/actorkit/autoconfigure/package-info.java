/**
 * Spring Boot auto-configuration for ActorKit: the {@link dev.actorkit.Scheduler} bean, discovery of
 * {@link dev.actorkit.annotation.Process} classes, a {@code ProcessRef<T>} bean for each, the
 * supervision tree declared under {@code actor.*} in {@code application.yml}, and its lifecycle.
 * Applications depend on {@code actor-spring-boot-starter}; everything here but
 * {@link dev.actorkit.autoconfigure.ActorAutoConfiguration}, {@link dev.actorkit.autoconfigure.ActorProperties}
 * and {@link dev.actorkit.autoconfigure.ActorConfigurationException} is an implementation detail.
 */
@NullMarked
package dev.actorkit.autoconfigure;

import org.jspecify.annotations.NullMarked;
