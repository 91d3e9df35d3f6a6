package dev.strata.driver;

import dev.strata.StrataException;
import dev.strata.store.Store;
import java.io.IOException;
import java.util.Optional;

/** Chooses the storage driver for {@code --storage-driver overlay|vfs} (or automatically). */
public final class StorageDrivers {
  /** The choice made when none is given. */
  public static final String AUTO = "auto";

  /**
   * The driver chosen, and a one-line notice for the user when the automatic choice had to fall
   * back to vfs.
   */
  public record Selection(StorageDriver driver, Optional<String> notice) {}

  private StorageDrivers() {}

  /**
   * The driver called {@code name} ({@code overlay}, {@code vfs}, or {@code auto} or null for
   * overlay where this kernel and process can mount it on {@code store}, else vfs). Whether overlay
   * works is found out once per store root, by a real mount in the store's staging area.
   *
   * @throws StrataException for an unknown name, or overlay asked for where it cannot work
   */
  public static Selection select(String name, Store store) throws IOException {
    String n = name == null ? AUTO : name;
    switch (n) {
      case OverlayDriver.NAME:
        return new Selection(OverlayDriver.create(store), Optional.empty());
      case VfsDriver.NAME:
        return new Selection(VfsDriver.create(store), Optional.empty());
      case AUTO:
        KernelSupport.OverlayProbe probe = KernelSupport.overlay(store);
        if (probe.usable()) {
          return new Selection(OverlayDriver.create(store), Optional.empty());
        }
        return new Selection(
            VfsDriver.create(store),
            Optional.of(
                "storage driver overlay is not available here ("
                    + probe.reason()
                    + "); using vfs, which copies each snapshot"));
      default:
        throw new StrataException(
            "unknown storage driver \""
                + n
                + "\": use "
                + OverlayDriver.NAME
                + ", "
                + VfsDriver.NAME
                + " or "
                + AUTO);
    }
  }
}
