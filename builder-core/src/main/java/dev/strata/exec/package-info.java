/**
 * Executors that run processes inside a snapshot: runc (OCI runtime spec) and chroot.
 *
 * <p>An {@link dev.strata.exec.Executor} ({@link dev.strata.exec.RuncExecutor}, or {@link
 * dev.strata.exec.ChrootExecutor} as the fallback; {@link dev.strata.exec.Executor#named} picks one
 * by name) runs a {@link dev.strata.exec.ProcessSpec} in a rootfs directory, streaming output live
 * to a {@link dev.strata.exec.ProcessIO}. {@code run} blocks until the end and returns an {@link
 * dev.strata.exec.ExecResult}; {@code start} returns a {@link dev.strata.exec.RunningProcess} to
 * signal, stop or wait for. A command that cannot start throws {@link
 * dev.strata.exec.ExecStartException} with docker's exit codes (125, 126, 127). {@link
 * dev.strata.exec.UserResolver} turns a USER value into ids using the rootfs's own passwd and group
 * files.
 *
 * <p>The rule both executors keep: whatever they need for their own purposes (mount points,
 * /etc/hosts, /etc/resolv.conf) leaves no trace in the rootfs, which may be a layer being recorded;
 * only what the process writes stays. The ExecutorIT integration test runs every behaviour against
 * both executors, with real runc and util-linux.
 */
package dev.strata.exec;
