package dev.strata.exec;

import java.util.Optional;

/**
 * A Dockerfile USER value resolved against a rootfs: the ids to run as, the passwd entry's name
 * when one matched, and the home directory ({@code /} without an entry), which the caller uses for
 * {@code HOME} when the environment lacks it, as docker does.
 */
public record ResolvedUser(ProcessUser user, Optional<String> name, String home) {}
