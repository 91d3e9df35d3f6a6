/**
 * The build context: walking it, .dockerignore matching, and content hashing with a persisted stat
 * cache.
 *
 * <ul>
 *   <li>{@link dev.strata.context.IgnoreFile} reads a {@code .dockerignore}; {@link
 *       dev.strata.context.IgnoreMatcher} matches paths against its patterns with the semantics of
 *       moby/patternmatcher v0.6.1 (checked against its test tables).
 *   <li>{@link dev.strata.context.BuildContext} walks a context directory the way BuildKit's
 *       context transfer does and answers which {@link dev.strata.context.ContextEntry entries}
 *       COPY and ADD can see; it never follows a symbolic link.
 *   <li>{@link dev.strata.context.ContextHasher} digests file contents, skipping files whose stat
 *       is unchanged since the last run (the stat cache persists across processes); {@link
 *       dev.strata.context.TreeDigest} turns a selection of entries into one digest for a cache
 *       key.
 * </ul>
 */
package dev.strata.context;
