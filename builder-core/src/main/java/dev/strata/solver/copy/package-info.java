/**
 * COPY and ADD: the file operations of a build, with docker build's (BuildKit's) semantics, and the
 * digest of what they copy for the cache key.
 *
 * <p>{@link dev.strata.solver.copy.FileCopier} takes a {@link dev.strata.solver.copy.CopyRequest}
 * (the expanded instruction, its {@link dev.strata.solver.copy.CopySource} and WORKDIR) and writes
 * into a rootfs directory; {@link dev.strata.solver.copy.FileCopier#sourceDigest} gives the digest
 * of exactly the selected content. The rules, and where strata deliberately differs from BuildKit:
 *
 * <ul>
 *   <li>Sources are read only from the source tree (the build context through .dockerignore, or the
 *       rootfs of a stage for {@code --from}): {@code ../} cannot leave it, symbolic links on the
 *       way to a source are followed as if chrooted into it, links below a copied directory are
 *       copied as links, file contents are read one directory at a time without following links.
 *   <li>Wildcards use Go's filepath.Match; a pattern matching nothing copies nothing, as in
 *       BuildKit, but its directory must exist; a malformed pattern is an error (BuildKit treats it
 *       as matching nothing).
 *   <li>A directory source copies its contents. A file goes inside a destination that ends in
 *       {@code /} or is an existing directory, else it becomes the destination. With several
 *       sources the destination must be a directory: strata refuses the one case BuildKit gets
 *       wrong without a word, a first source that is a file with a destination that is neither
 *       (moby/buildkit#1853), and accepts all others as BuildKit does.
 *   <li>Destinations are resolved inside the rootfs as if chrooted ({@code COPY x /link/} with
 *       {@code /link -> /etc} writes {@code <rootfs>/etc/x}); below the destination nothing is
 *       followed and links in the way are replaced.
 *   <li>Missing directories on the way are created 0755, owned by the {@code --chown} owner (else
 *       root). Copied entries keep mode, mtime and extended attributes; owners become 0:0 from a
 *       build context and are kept from a rootfs, unless {@code --chown}; {@code --chmod} (octal or
 *       symbolic, with BuildKit's port of BSD setmode: {@code X} only counts with {@code +})
 *       applies to every copied file and directory. Heredocs are 0644 files stamped with the time
 *       of the copy, as in BuildKit.
 *   <li>{@code --exclude} drops entries below each copied directory and, as the Dockerfile
 *       reference says (unlike BuildKit, moby/buildkit#5489), a file a source names directly;
 *       {@code --parents} keeps each source's path below the root or a {@code /./} pivot.
 *   <li>ADD extracts a local tar (plain, gzip, bzip2, xz or zstd, recognised by content) into the
 *       destination directory through the confined layer applier, with {@code .wh.*} entries kept
 *       as plain files; a URL is downloaded (mode 0600, Last-Modified as mtime, name from the URL
 *       path), checked against {@code --checksum}, and extracted only with {@code --unpack}. Git
 *       sources are refused as not supported.
 *   <li>Sockets cannot be copied and make the copy fail naming them.
 *   <li>The rootfs may be partly written when a copy fails after its checks: callers copy into a
 *       snapshot they drop on failure.
 * </ul>
 */
package dev.strata.solver.copy;
