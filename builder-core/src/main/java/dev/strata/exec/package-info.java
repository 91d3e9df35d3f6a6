/** Executors that run processes inside a snapshot: runc (OCI runtime spec) and chroot. */
package dev.strata.exec;
