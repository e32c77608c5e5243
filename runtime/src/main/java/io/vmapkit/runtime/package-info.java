/**
 * The runtime: plugin and provider discovery with {@link java.util.ServiceLoader}, the lifecycle of a
 * vmapkit system, configuration, the Guice module and the plain-Java builder. The only module that
 * knows every implementation.
 */
package io.vmapkit.runtime;
