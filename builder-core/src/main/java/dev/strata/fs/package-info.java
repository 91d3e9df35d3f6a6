/**
 * File-system primitives shared by every package: system calls the JDK lacks (through JNA), paths
 * resolved inside a root as if chrooted, and atomic file writes.
 */
package dev.strata.fs;
