package dev.strata.driver;

import java.nio.file.Path;

/**
 * A writable root filesystem on top of a chain of layers, made by a {@link StorageDriver}: write
 * into {@link #rootfs()} (run a step's process there, copy files into it), then ask the driver for
 * its {@link StorageDriver#diff diff}. Everything the snapshot owns lives under {@link #home()};
 * the layers it stands on are shared and never written.
 *
 * @param id the caller's name for it (a step, a container), for messages and metadata
 * @param driver the name of the driver that made it
 * @param home the directory holding the snapshot's own state
 * @param rootfs where the root filesystem is, inside {@code home}
 * @param parent the layers below
 */
public record Snapshot(String id, String driver, Path home, Path rootfs, LayerChain parent) {}
