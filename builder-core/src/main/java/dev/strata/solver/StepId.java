package dev.strata.solver;

/**
 * A step as progress reports name it.
 *
 * @param stage the stage's label (its name, else its index)
 * @param index the 1-based step index in the stage
 * @param count the number of steps in the stage
 * @param text the instruction on one line, expanded
 * @param line its first line in the Dockerfile
 */
public record StepId(String stage, int index, int count, String text, int line) {}
