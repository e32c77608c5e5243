/**
 * Example plugins: an msm-style bounded reclaimer, an LRU mapping cache, a pressure audit and a
 * balloon. Each depends on the api only and is meant to be copied by new plugin authors.
 */
package io.vmapkit.plugins.examples;
