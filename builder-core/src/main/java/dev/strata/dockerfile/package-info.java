/**
 * Dockerfile syntax: the lexer and parser producing a tree of nodes with line ranges, parser
 * directives, heredocs, and typed instructions. Knows nothing of execution.
 */
package dev.strata.dockerfile;
