/**
 * The i915 GEM driver model as a vmapkit plugin: struct_mutex with lock stealing, the pin_map
 * cache, the shrinker and the vmap purge notifier, by kernel era. Depends on the api only.
 */
package io.vmapkit.driver.i915;
