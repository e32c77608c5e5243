/**
 * Family 4: heap bytes per live area, measured with JOL and by heap difference, printed as a table
 * by a plain program. See {@link io.vmapkit.bench.memory.MemoryFootprint}.
 */
package io.vmapkit.bench.memory;
