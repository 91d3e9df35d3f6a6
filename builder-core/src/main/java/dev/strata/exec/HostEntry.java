package dev.strata.exec;

/** An extra line of the generated {@code /etc/hosts} ({@code --add-host name:address}). */
public record HostEntry(String name, String address) {
  public HostEntry {
    if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c == '#')) {
      throw new IllegalArgumentException("invalid host name for /etc/hosts: \"" + name + "\"");
    }
    if (address.isEmpty() || address.chars().anyMatch(c -> c <= ' ' || c == '#')) {
      throw new IllegalArgumentException("invalid address for /etc/hosts: \"" + address + "\"");
    }
  }
}
