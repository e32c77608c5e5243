/**
 * docs/generic-workloads.md's Java: the generic plugin's workloads driven from Java, as the page
 * shows, with the page's claims about them asserted. Test-only.
 */
package io.vmapkit.docs.generic;
