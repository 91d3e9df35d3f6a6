/**
 * Runs a build plan: schedules steps in dependency order, looks them up in the cache, executes
 * misses, and emits progress events.
 */
package dev.strata.solver;
