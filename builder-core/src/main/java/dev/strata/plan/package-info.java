/**
 * Build planning: stages, ARG and ENV scoping, expansion of instruction arguments, and the DAG of
 * steps.
 */
package dev.strata.plan;
