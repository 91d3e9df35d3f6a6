package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Node;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code FROM [--platform=p] image [AS name]}: starts a build stage.
 *
 * @param image the base image reference as written (may hold ARG variables), or {@code scratch}
 * @param stageName the stage name, lower-cased as Docker does
 * @param platform the {@code --platform} value as written
 */
public record FromInstruction(
    Node node, String image, Optional<String> stageName, Optional<String> platform)
    implements Instruction {
  public FromInstruction {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(stageName, "stageName");
    Objects.requireNonNull(platform, "platform");
  }
}
