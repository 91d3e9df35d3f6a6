package dev.strata.driver;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The inode number each path of a vfs snapshot had when it was copied, kept next to the snapshot: a
 * path whose inode is still the one copied there, with a ctime from before the copy ended, is
 * provably untouched, so its diff needs no comparison.
 */
final class InodeMap {
  static final String FILE = "inodes";

  private InodeMap() {}

  static void write(Path file, Map<String, Long> inodes) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024))) {
      for (Map.Entry<String, Long> e : inodes.entrySet()) {
        byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
        out.writeInt(name.length);
        out.write(name);
        out.writeLong(e.getValue());
      }
    }
  }

  static Map<String, Long> read(Path file) throws IOException {
    Map<String, Long> out = new HashMap<>();
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 64 * 1024))) {
      while (true) {
        int length;
        try {
          length = in.readInt();
        } catch (EOFException end) {
          return out;
        }
        byte[] name = in.readNBytes(length);
        out.put(new String(name, StandardCharsets.UTF_8), in.readLong());
      }
    }
  }
}
