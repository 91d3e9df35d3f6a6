package dev.strata.store.archive;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** One-line descriptions of I/O failures, for messages that already say what was being done. */
final class Failures {
  private Failures() {}

  static String describe(IOException e) {
    if (e instanceof NoSuchFileException n) {
      return "no such file or directory: " + n.getFile();
    }
    if (e instanceof AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    if (e instanceof FileAlreadyExistsException f) {
      return "already exists: " + f.getFile();
    }
    if (e instanceof NotDirectoryException n) {
      return "not a directory: " + n.getFile();
    }
    if (e instanceof EOFException) {
      return "unexpected end of data (truncated?)";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s*\\n\\s*", " ");
  }
}
