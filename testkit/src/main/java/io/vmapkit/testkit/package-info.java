/**
 * What plugin authors need to unit-test their plugins: a JUnit 5 extension that gives each test a
 * fresh, small system, pressure helpers and a recording listener with fluent assertions.
 */
package io.vmapkit.testkit;
