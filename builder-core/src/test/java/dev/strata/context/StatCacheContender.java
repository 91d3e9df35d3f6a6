package dev.strata.context;

import java.nio.file.Path;
import java.util.List;

/**
 * A second process for {@link ContextHasherTest}: hashes the given files of a context many times,
 * updating the shared stat cache each time (the files are fresh, so their entries stay racy and are
 * written again on every run).
 */
public final class StatCacheContender {
  private StatCacheContender() {}

  public static void main(String[] args) {
    Path context = Path.of(args[0]);
    Path cache = Path.of(args[1]);
    int rounds = Integer.parseInt(args[2]);
    List<String> files = List.of(args).subList(3, args.length);
    ContextHasher hasher = new ContextHasher(context, cache);
    for (int i = 0; i < rounds; i++) {
      hasher.hash(files);
    }
  }
}
