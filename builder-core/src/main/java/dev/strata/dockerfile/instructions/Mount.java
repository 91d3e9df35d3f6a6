package dev.strata.dockerfile.instructions;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@code RUN --mount} after expansion and validation: what {@link RunMount#resolve} returns.
 * Strings the mount did not set are empty.
 *
 * @param type the kind of mount ({@code bind} when not given)
 * @param target where it appears in the container ({@code target}, {@code dst}, {@code
 *     destination})
 * @param source the path in the source ({@code source}, {@code src})
 * @param from the stage or image a bind or cache mount reads from
 * @param readOnly {@code ro}/{@code rw} as given, else read-only except for cache and tmpfs
 * @param id the cache id, or the secret or SSH id
 * @param sharing how a cache mount is shared, when given
 * @param required for secret and ssh: fail the build when it is missing
 * @param sizeBytes the tmpfs size limit, when given
 * @param mode the file mode (octal in the Dockerfile) for secret, ssh and cache mounts
 * @param uid the owner's user id for secret, ssh and cache mounts
 * @param gid the owner's group id for secret, ssh and cache mounts
 * @param env for secrets: the environment variable to expose it as (empty for the default name)
 */
public record Mount(
    MountType type,
    String target,
    String source,
    String from,
    boolean readOnly,
    String id,
    Optional<MountSharing> sharing,
    boolean required,
    OptionalLong sizeBytes,
    OptionalLong mode,
    OptionalLong uid,
    OptionalLong gid,
    Optional<String> env) {
  public Mount {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sharing, "sharing");
    Objects.requireNonNull(sizeBytes, "sizeBytes");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(gid, "gid");
    Objects.requireNonNull(env, "env");
  }
}
