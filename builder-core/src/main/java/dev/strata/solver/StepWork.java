package dev.strata.solver;

import dev.strata.context.BuildContext;
import dev.strata.context.ContextEntry;
import dev.strata.dockerfile.instructions.RunInstruction;
import dev.strata.dockerfile.instructions.WorkdirInstruction;
import dev.strata.exec.ExecResult;
import dev.strata.exec.ExecStartException;
import dev.strata.exec.ProcessIO;
import dev.strata.exec.UserResolver;
import dev.strata.fs.Rootfs;
import dev.strata.fs.Syscalls;
import dev.strata.fs.TreeDeletion;
import dev.strata.plan.Step;
import dev.strata.solver.copy.EarlierFiles;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Does what a step that missed does to its snapshot's root file system. */
final class StepWork {
  private static final int TAIL_LINES = 5;

  private final Store store;
  private final SolveOptions options;
  private final Progress progress;
  private final String fileName;
  private final CacheMounts caches;
  private final FileSteps files;
  private Path visibleContext;

  StepWork(Store store, SolveOptions options, Progress progress, String fileName, FileSteps files) {
    this.store = store;
    this.options = options;
    this.progress = progress;
    this.fileName = fileName;
    this.caches = new CacheMounts(store);
    this.files = files;
  }

  /**
   * Applies the step to {@code rootfs}; a COPY or ADD takes the files {@code earlier} holds exactly
   * as it would write them.
   */
  void apply(Step step, StepId id, Path rootfs, StepSources sources, Optional<EarlierFiles> earlier)
      throws IOException, InterruptedException {
    if (step.instruction() instanceof RunInstruction) {
      run(step, id, rootfs, sources);
    } else if (step.instruction() instanceof WorkdirInstruction workdir) {
      workdir(step, workdir.path(), rootfs);
    } else if (FileSteps.copies(step)) {
      files.apply(step, rootfs, sources, earlier);
    } else {
      throw new IllegalArgumentException("not a file-changing step: " + step.text());
    }
  }

  private void run(Step step, StepId id, Path rootfs, StepSources sources)
      throws IOException, InterruptedException {
    Path scratch = store.newTempDirectory("run");
    Deque<String> tail = new ArrayDeque<>();
    ProcessIO io =
        ProcessIO.lines(
            line -> output(id, line, false, tail), line -> output(id, line, true, tail));
    RunInvocation.Resources resources =
        new RunInvocation.Resources(
            () -> visibleContext(sources.context()),
            sources.roots(),
            caches,
            options.secrets(),
            scratch,
            options.network());
    ExecResult result;
    try (RunInvocation invocation = RunInvocation.prepare(step, rootfs, resources)) {
      result = options.executor().run(invocation.spec(), rootfs, io);
    } catch (ExecStartException e) {
      throw new StepFailedException(where(step) + e.getMessage(), e.exitCode(), e);
    } finally {
      TreeDeletion.delete(scratch);
    }
    if (!result.succeeded()) {
      String last;
      synchronized (tail) {
        last = tail.isEmpty() ? "" : " (last output: " + String.join(" | ", tail) + ")";
      }
      String how =
          result.signal().isPresent()
              ? "was killed by signal " + result.signal().getAsInt()
              : "exited with code " + result.exitCode();
      throw new StepFailedException(
          where(step) + step.text() + ": " + how + last, result.exitCode(), null);
    }
  }

  private void output(StepId id, String line, boolean stderr, Deque<String> tail) {
    synchronized (tail) {
      tail.addLast(line);
      if (tail.size() > TAIL_LINES) {
        tail.removeFirst();
      }
    }
    progress.output(id, line, stderr);
  }

  /** WORKDIR creates its directory, owned by the USER in force as BuildKit does. */
  private void workdir(Step step, String path, Path rootfs) throws IOException {
    Path dir = Rootfs.resolve(rootfs, path);
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new StepFailedException(
          where(step) + "WORKDIR " + path + ": exists in the image and is not a directory",
          1,
          null);
    }
    var owner = new UserResolver(rootfs).resolve(step.scope().user()).user();
    Path missing = dir;
    while (!Files.exists(missing.getParent(), LinkOption.NOFOLLOW_LINKS)) {
      missing = missing.getParent();
    }
    Files.createDirectories(dir);
    for (Path p = dir; p.startsWith(missing); p = p.getParent()) {
      Syscalls.lchmod(p, 0755);
      Syscalls.lchown(p, (int) owner.uid(), (int) owner.gid());
      if (p.equals(missing)) {
        break;
      }
    }
  }

  /**
   * The context as RUN --mount=type=bind sees it: only what .dockerignore lets through. Made on
   * first use, once per build, as copies: a hard link would change the context files' link count
   * and change time, which the context's stat cache and snapshot rightly read as a change.
   */
  private synchronized Path visibleContext(BuildContext context) throws IOException {
    if (visibleContext == null) {
      Path root = store.newTempDirectory("context");
      for (ContextEntry entry : context.walk()) {
        Path source = context.root().resolve(entry.path());
        Path target = root.resolve(entry.path());
        Files.createDirectories(target.getParent());
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
      visibleContext = root;
    }
    return visibleContext;
  }

  private String where(Step step) {
    return fileName + ":" + step.startLine() + ": ";
  }
}
