/**
 * Typed Dockerfile instructions: {@link dev.strata.dockerfile.instructions.InstructionParser} turns
 * the parser's nodes into one record per instruction (flags checked, arguments shaped, RUN mounts
 * and HEALTHCHECK options validated) and groups them into stages. Words stay unexpanded; the
 * planner expands them with the ARG and ENV values in scope.
 */
package dev.strata.dockerfile.instructions;
