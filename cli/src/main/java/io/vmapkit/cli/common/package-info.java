/**
 * What the command families share: {@link io.vmapkit.cli.common.PluginPathOption} (extra plugin jars
 * on a class loader handed to the runtime's discovery), allocator lookup by name
 * ({@link io.vmapkit.cli.common.Allocators}), address-space options
 * ({@link io.vmapkit.cli.common.Spaces}), what a SCENARIO argument names, a built-in scenario or a
 * scenario file ({@link io.vmapkit.cli.common.ScenarioSource}), plain-text tables ({@link io.vmapkit.cli.common.TextTable})
 * and {@link io.vmapkit.cli.common.CommandFailure}, the failure a command reports with exit code 1.
 *
 * <p>Nothing here holds state beyond one command invocation.
 */
package io.vmapkit.cli.common;
