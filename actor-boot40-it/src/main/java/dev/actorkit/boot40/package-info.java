/** A small Spring Boot 4.0 application that checks the starter runs on the 4.0 line. */
@NullMarked
package dev.actorkit.boot40;

import org.jspecify.annotations.NullMarked;
