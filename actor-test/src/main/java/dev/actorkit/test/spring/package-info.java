/**
 * Spring test support: the {@link dev.actorkit.test.spring.ActorTest} slice, which runs only ActorKit's
 * auto-configuration with the application's {@code @Process} classes. Needs Spring Boot's test modules
 * on the test class path.
 */
@NullMarked
package dev.actorkit.test.spring;

import org.jspecify.annotations.NullMarked;
