package dev.strata.exec;

/** The network a process sees. */
public enum NetworkMode {
  /** The host's network namespace: every interface of the machine. */
  HOST,
  /** A new network namespace with only the loopback interface, up. */
  NONE
}
