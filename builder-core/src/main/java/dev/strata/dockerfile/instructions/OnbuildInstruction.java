package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Node;
import java.util.Objects;

/**
 * {@code ONBUILD instruction}: a trigger stored in the image and run by builds that use it as a
 * base.
 *
 * @param trigger the wrapped instruction, parsed and checked now (never ONBUILD, FROM or
 *     MAINTAINER)
 * @param expression the trigger's text as stored in the image config: the instruction without the
 *     {@code ONBUILD} keyword, followed by its heredoc bodies and delimiters
 */
public record OnbuildInstruction(Node node, Instruction trigger, String expression)
    implements Instruction {
  public OnbuildInstruction {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(expression, "expression");
  }
}
