/**
 * Dockerfile word expansion: variables ({@code $VAR}, {@code ${VAR:-word}}, patterns), quote
 * removal and word splitting, with the semantics of BuildKit's Dockerfile frontend.
 *
 * <p>{@link dev.strata.dockerfile.shell.ShellLexer} is the entry point; {@link
 * dev.strata.dockerfile.shell.Environment} supplies variables. The package knows nothing of
 * instructions or scoping: the planner decides which word is expanded against which variables.
 */
package dev.strata.dockerfile.shell;
