/**
 * The build context: walking it, .dockerignore matching, and content hashing with a persisted stat
 * cache.
 */
package dev.strata.context;
