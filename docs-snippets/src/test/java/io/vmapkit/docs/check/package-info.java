/**
 * Docs that compile: {@link io.vmapkit.docs.check.Snippets} reads the {@code ```java} blocks of
 * Markdown files and the source regions they name, and {@link io.vmapkit.docs.check.DocSnippetsTest}
 * holds README.md and docs/*.md to them, so changing a snippet's source or its copy in the docs
 * without the other fails the build.
 *
 * <p>The contract, for a doc author: put {@code <!-- snippet: PATH -->} (the whole file) or
 * {@code <!-- snippet: PATH#NAME -->} (a region) on the line before every {@code ```java} block, PATH
 * relative to the repository root. A region is the lines between {@code // tag::NAME[]} and
 * {@code // end::NAME[]} in that file, without marker lines of other regions, with their common
 * indentation removed. Files of the plugin archetype's templates are read as the archetype's
 * integration test generates them (its {@code archetype.properties} filled in). A block of another
 * language ({@code ```yaml}, say) is checked the same way when it has a marker, and skipped when not.
 */
package io.vmapkit.docs.check;
