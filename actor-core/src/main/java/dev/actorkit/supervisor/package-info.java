/**
 * OTP's supervisors: {@link dev.actorkit.supervisor.Supervisor} (one-for-one, one-for-all,
 * rest-for-one) and {@link dev.actorkit.supervisor.DynamicSupervisor}, described by
 * {@link dev.actorkit.supervisor.SupervisorSpec} and {@link dev.actorkit.supervisor.ChildSpec}.
 */
@NullMarked
package dev.actorkit.supervisor;

import org.jspecify.annotations.NullMarked;
