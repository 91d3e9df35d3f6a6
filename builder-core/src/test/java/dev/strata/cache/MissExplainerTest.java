package dev.strata.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MissExplainerTest {
  static final String DOCKERFILE = "/work/app/Dockerfile";
  final MissExplainer explainer = new MissExplainer();

  // ---- a small stage: FROM, RUN, COPY, RUN, CMD

  static StepInputs from(String manifest) {
    return StepInputs.builder(StepKind.FROM)
        .instruction("FROM node:20")
        .baseImage("node:20", Digest.sha256(manifest))
        .platform("linux/amd64")
        .build();
  }

  static StepInputs install(String version) {
    return StepInputs.builder(StepKind.RUN)
        .instruction("RUN npm install -g pnpm")
        .envList(List.of("PATH=/usr/local/bin:/usr/bin"))
        .buildArg("PNPM_VERSION", version)
        .user("")
        .workdir("/app")
        .network("default")
        .build();
  }

  static FileSet sources(Map<String, String> files) {
    List<FileEntry> entries = new ArrayList<>();
    entries.add(FileEntry.directory("src", 0755));
    files.forEach((p, c) -> entries.add(FileEntry.file("src/" + p, 0644, Digest.sha256(c))));
    return FileSet.of(entries, false);
  }

  static StepInputs copy(FileSet files) {
    return StepInputs.builder(StepKind.COPY)
        .instruction("COPY src /app/src")
        .files("src", files)
        .build();
  }

  static StepInputs build(String command) {
    return StepInputs.builder(StepKind.RUN)
        .instruction("RUN " + command)
        .envList(List.of("PATH=/usr/local/bin:/usr/bin"))
        .buildArg("PNPM_VERSION", "8")
        .user("")
        .workdir("/app")
        .network("default")
        .build();
  }

  static StepInputs cmd() {
    return StepInputs.builder(StepKind.CMD).instruction("CMD [\"node\",\"src/index.js\"]").build();
  }

  static final FileSet SOURCES = sources(Map.of("index.js", "console.log(1)", "util.js", "x"));

  static List<StepInputs> stage() {
    return List.of(from("m1"), install("8"), copy(SOURCES), build("pnpm build"), cmd());
  }

  static BuildRecord record(List<StepInputs> steps) {
    return BuildRecordsTest.record(DOCKERFILE, "app", steps);
  }

  static List<StepInputs> with(int index, StepInputs step) {
    List<StepInputs> l = new ArrayList<>(stage());
    l.set(index, step);
    return l;
  }

  /** The steps whose key is not in the previous record: what a build would miss. */
  static Set<Integer> hitsAgainst(BuildRecord current, BuildRecord previous) {
    Set<CacheKey> known = new HashSet<>();
    previous.steps().forEach(s -> known.add(s.key()));
    Set<Integer> hits = new HashSet<>();
    current
        .steps()
        .forEach(
            s -> {
              if (known.contains(s.key())) {
                hits.add(s.index());
              }
            });
    return hits;
  }

  List<MissExplanation> explain(List<StepInputs> previous, List<StepInputs> current) {
    BuildRecord prev = record(previous);
    BuildRecord cur = record(current);
    return explainer.explain(cur, hitsAgainst(cur, prev), Optional.of(prev));
  }

  static List<String> lines(MissExplanation e) {
    return e.lines();
  }

  // ---- examples

  @Test
  void aFirstBuildSaysThereIsNothingToCompareWith() {
    List<MissExplanation> out = explainer.explain(record(stage()), Set.of(), Optional.empty());
    assertThat(out).extracting(MissExplanation::index).containsExactly(1, 2, 3, 4);
    assertThat(out.get(0).summary())
        .isEqualTo("no earlier build of /work/app/Dockerfile stage app to compare with");
  }

  @Test
  void anUnchangedBuildHasNothingToExplain() {
    assertThat(explain(stage(), stage())).isEmpty();
  }

  @Test
  void aChangedSourceFileIsNamedAndLaterStepsPointAtTheFirstMiss() {
    FileSet edited = sources(Map.of("index.js", "console.log(2)", "util.js", "x"));
    List<MissExplanation> out = explain(stage(), with(2, copy(edited)));
    assertThat(out).extracting(MissExplanation::index).containsExactly(2, 3, 4);
    assertThat(lines(out.get(0))).containsExactly("file src/index.js: content changed");
    assertThat(lines(out.get(1)))
        .containsExactly("parent changed: step 2 (COPY src /app/src) missed");
    assertThat(lines(out.get(2)))
        .containsExactly("parent changed: step 2 (COPY src /app/src) missed");
  }

  @Test
  void everyKindOfFileChangeHasItsOwnLine() {
    FileSet before =
        FileSet.of(
            List.of(
                FileEntry.file("a.txt", 0644, Digest.sha256("a")),
                FileEntry.file("gone.txt", 0644, Digest.sha256("g")),
                FileEntry.file("run.sh", 0644, Digest.sha256("r")),
                FileEntry.symlink("link", 0777, "a.txt"),
                FileEntry.file("was-file", 0644, Digest.sha256("w")),
                FileEntry.file("both", 0600, Digest.sha256("b1"))),
            false);
    FileSet after =
        FileSet.of(
            List.of(
                FileEntry.file("a.txt", 0644, Digest.sha256("a")),
                FileEntry.file("new.txt", 0644, Digest.sha256("n")),
                FileEntry.file("run.sh", 0755, Digest.sha256("r")),
                FileEntry.symlink("link", 0777, "b.txt"),
                FileEntry.directory("was-file", 0755),
                FileEntry.file("both", 0644, Digest.sha256("b2"))),
            false);
    List<MissExplanation> out = explain(with(2, copy(before)), with(2, copy(after)));
    assertThat(lines(out.get(0)))
        .containsExactly(
            "file both: content changed",
            "file both: mode changed: 0600 -> 0644",
            "file gone.txt: removed",
            "file link: link target changed: \"a.txt\" -> \"b.txt\"",
            "file new.txt: added",
            "file run.sh: mode changed: 0644 -> 0755",
            "file was-file: type changed: file -> directory");
  }

  @Test
  void ownerChangesCountOnlyWhenOwnersDo() {
    FileSet before =
        FileSet.of(List.of(FileEntry.file("a", 0644, Digest.sha256("a")).withOwner(0, 0)), true);
    FileSet after =
        FileSet.of(
            List.of(FileEntry.file("a", 0644, Digest.sha256("a")).withOwner(1000, 1000)), true);
    FileSet unowned = FileSet.of(List.of(FileEntry.file("a", 0644, Digest.sha256("a"))), false);
    assertThat(lines(explain(with(2, copy(before)), with(2, copy(after))).get(0)))
        .containsExactly("file a: owner changed: 0:0 -> 1000:1000");
    assertThat(lines(explain(with(2, copy(unowned)), with(2, copy(after))).get(0)))
        .containsExactly("files src: file owners now count");
  }

  @Test
  void aChangedBuildArgIsNamedWithoutItsValues() {
    List<MissExplanation> out = explain(stage(), with(1, install("9.1.4")));
    assertThat(out).extracting(MissExplanation::index).containsExactly(1, 2, 3, 4);
    assertThat(out.get(0).summary()).isEqualTo("build arg PNPM_VERSION: value changed");
    assertThat(out.get(0).summary()).doesNotContain("8").doesNotContain("9.1.4");
    assertThat(out.get(1).summary())
        .isEqualTo("parent changed: step 1 (RUN npm install -g pnpm) missed");
  }

  @Test
  void envAndArgsAddedOrRemovedAreNamed() {
    StepInputs more =
        StepInputs.builder(StepKind.RUN)
            .instruction("RUN npm install -g pnpm")
            .envList(List.of("PATH=/usr/local/bin:/usr/bin", "CI=true"))
            .user("")
            .workdir("/app")
            .network("default")
            .build();
    assertThat(lines(explain(stage(), with(1, more)).get(0)))
        .containsExactly("env CI: added", "build arg PNPM_VERSION: removed");
  }

  @Test
  void aChangedInstructionShowsBothTexts() {
    List<MissExplanation> out = explain(stage(), with(3, build("pnpm build --prod")));
    assertThat(lines(out.get(0)))
        .containsExactly("instruction: \"RUN pnpm build\" -> \"RUN pnpm build --prod\"");
  }

  @Test
  void aNewBaseImageIsExplainedAtTheFirstStep() {
    List<MissExplanation> out = explain(stage(), with(0, from("m2")));
    assertThat(out).extracting(MissExplanation::index).containsExactly(1, 2, 3, 4);
    assertThat(lines(out.get(0)))
        .containsExactly(
            "base image node:20: " + Digest.sha256("m1") + " -> " + Digest.sha256("m2"));
    assertThat(lines(out.get(1)))
        .containsExactly("parent changed: step 1 (RUN npm install -g pnpm) missed");
  }

  @Test
  void aStepThatWasNotThereBeforeIsNew() {
    List<StepInputs> longer = new ArrayList<>(stage());
    longer.add(StepInputs.builder(StepKind.EXPOSE).instruction("EXPOSE 3000").build());
    List<MissExplanation> out = explain(stage(), longer);
    assertThat(out)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.index()).isEqualTo(5);
              assertThat(e.summary()).isEqualTo("step 5 is new: the earlier build ended at step 4");
            });
  }

  @Test
  void aKindChangeIsOneInstructionLine() {
    StepInputs label = StepInputs.builder(StepKind.LABEL).instruction("LABEL a=b").build();
    assertThat(lines(explain(stage(), with(4, label)).get(0)))
        .containsExactly(
            "instruction: \"CMD [\\\"node\\\",\\\"src/index.js\\\"]\" -> \"LABEL a=b\"");
  }

  @Test
  void theSameKeyMissingMeansTheEntryIsGone() {
    BuildRecord r = record(stage());
    List<MissExplanation> out = explainer.explain(r, Set.of(0, 1, 3, 4), Optional.of(r));
    assertThat(out)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.index()).isEqualTo(2);
              assertThat(e.reasons())
                  .extracting(MissReason::kind)
                  .containsExactly(MissReason.Kind.ENTRY_GONE);
            });
  }

  @Test
  void anOlderKeyFormatIsNamed() {
    BuildRecord now = record(stage());
    BuildRecord old = new BuildRecord(now.dockerfile(), now.stage(), 0, now.created(), now.steps());
    assertThat(explainer.explain(now, Set.of(), Optional.of(old)).get(0).summary())
        .isEqualTo(
            "the earlier build used cache key format v0, this one v" + CacheKeyEncoder.VERSION);
  }

  @Test
  void aParentTakenFromAnotherBuildsEntryIsNamed() {
    List<StepInputs> changed = with(1, install("9"));
    BuildRecord prev = record(stage());
    BuildRecord cur = record(changed);
    // Step 1 hit an entry some other build left; step 2 then missed.
    List<MissExplanation> out = explainer.explain(cur, Set.of(0, 1), Optional.of(prev));
    assertThat(lines(out.get(0)))
        .containsExactly(
            "parent changed: step 1 (RUN npm install -g pnpm) hit another build's cache entry with a"
                + " different key");
  }

  @Test
  void shownSettingsMountsAndCopiedContentShowOldAndNew() {
    StepInputs before =
        StepInputs.builder(StepKind.RUN)
            .instruction("RUN make")
            .user("root")
            .workdir("/a")
            .mount("/cache", Map.of("type", "cache", "id", "one"))
            .copiedContent("builder", Digest.sha256("c1"))
            .build();
    StepInputs after =
        StepInputs.builder(StepKind.RUN)
            .instruction("RUN make")
            .user("app")
            .workdir("/a")
            .mount("/cache", Map.of("type", "cache", "id", "two"))
            .copiedContent("builder", Digest.sha256("c2"))
            .network("none")
            .build();
    assertThat(lines(explain(with(3, before), with(3, after)).get(0)))
        .containsExactly(
            "user: \"root\" -> \"app\"",
            "mount /cache: \"id=one,type=cache\" -> \"id=two,type=cache\"",
            "content from builder: " + Digest.sha256("c1") + " -> " + Digest.sha256("c2"),
            "network: added \"none\"");
  }

  @Test
  void reorderedInputsAreSaidToBeReordered() {
    StepInputs ab =
        StepInputs.builder(StepKind.RUN).instruction("RUN x").env("A", "1").env("B", "2").build();
    StepInputs ba =
        StepInputs.builder(StepKind.RUN).instruction("RUN x").env("B", "2").env("A", "1").build();
    assertThat(explain(with(3, ab), with(3, ba)).get(0).summary())
        .isEqualTo("the same inputs in another order");
  }

  @Test
  void manyFileChangesAreCappedWithACount() {
    Map<String, String> before = new java.util.TreeMap<>();
    Map<String, String> after = new java.util.TreeMap<>();
    for (int i = 0; i < 30; i++) {
      before.put("f" + (100 + i), "old");
      after.put("f" + (100 + i), "new");
    }
    List<String> out =
        lines(explain(with(2, copy(sources(before))), with(2, copy(sources(after)))).get(0));
    assertThat(out).hasSize(MissExplainer.DEFAULT_FILE_LIMIT + 1);
    assertThat(out.get(0)).isEqualTo("file src/f100: content changed");
    assertThat(out.get(out.size() - 1)).isEqualTo("and 10 more file changes");
  }

  @Test
  void reasonsAreAlwaysOneLine() {
    List<MissExplanation> out =
        explain(stage(), with(3, build("pnpm build \\\n  && echo \"done\"\tnow")));
    assertThat(out.get(0).summary())
        .isEqualTo(
            "instruction: \"RUN pnpm build\" -> \"RUN pnpm build \\\\\\n  && echo \\\"done\\\"\\tnow\"")
        .doesNotContain("\n");
    assertThat(new MissReason(MissReason.Kind.INSTRUCTION, "a\nb", "c\r\nd").toString())
        .isEqualTo("a\\nb: c\\r\\nd");
  }

  @Test
  void theLastStepCanBeExplainedWhileTheStageIsBuilding() {
    FileSet edited = sources(Map.of("index.js", "console.log(2)", "util.js", "x"));
    BuildRecord prev = record(stage());
    BuildRecord full = record(with(2, copy(edited)));
    BuildRecord soFar =
        new BuildRecord(
            full.dockerfile(),
            full.stage(),
            full.keyVersion(),
            full.created(),
            full.steps().subList(0, 4));
    MissExplanation e = explainer.explainLast(soFar, Set.of(0, 1), Optional.of(prev));
    assertThat(e.index()).isEqualTo(3);
    assertThat(e.summary()).isEqualTo("parent changed: step 2 (COPY src /app/src) missed");
    assertThat(explainer.explainLast(soFar, Set.of(0, 1), Optional.of(prev)))
        .isEqualTo(explainer.explain(full, Set.of(0, 1), Optional.of(prev)).get(1));
  }

  @Test
  void fromStepsAreNeverExplained() {
    assertThat(explainer.explain(record(stage()), Set.of(), Optional.empty()))
        .extracting(MissExplanation::index)
        .doesNotContain(0);
  }

  // ---- properties

  @Provide
  Arbitrary<StepInputs> inputs() {
    return CacheArbitraries.stepInputs();
  }

  /** Any two different inputs under the same parent give at least one reason; equal ones none. */
  @Property(tries = 2000)
  void differentInputsAlwaysHaveAReasonAndEqualOnesNone(
      @ForAll("inputs") StepInputs a, @ForAll("inputs") StepInputs b) {
    List<MissReason> reasons = MissExplainer.diffAll(a, b);
    if (a.equals(b)) {
      assertThat(reasons).isEmpty();
      return;
    }
    boolean reordered =
        a.kind() == b.kind() && new HashSet<>(a.inputs()).equals(new HashSet<>(b.inputs()));
    assertThat(reasons.isEmpty()).isEqualTo(reordered);
    // And through the explainer, every miss gets at least one line.
    BuildRecord prev = record(List.of(from("m"), a));
    BuildRecord cur = record(List.of(from("m"), b));
    assertThat(explainer.explain(cur, Set.of(0), Optional.of(prev)))
        .singleElement()
        .satisfies(e -> assertThat(e.reasons()).isNotEmpty());
  }

  /** Changing one component's value is reported against that component and nothing else. */
  @Property(tries = 1000)
  void aChangedComponentIsTheOneNamed(@ForAll("inputs") StepInputs a) {
    List<StepInput> l = new ArrayList<>(a.inputs());
    for (int i = 0; i < l.size(); i++) {
      StepInput in = l.get(i);
      if ((in.kind() == InputKind.INSTRUCTION && in.name().isEmpty())
          || in.kind() == InputKind.FILES) {
        continue;
      }
      StepInput changed =
          switch (in.kind().form()) {
            case TEXT ->
                new StepInput.Text(in.kind(), in.name(), ((StepInput.Text) in).value() + "!");
            case HIDDEN -> new StepInput.Hidden(in.kind(), in.name(), Digest.sha256(in.toString()));
            case CONTENT ->
                new StepInput.Content(in.kind(), in.name(), Digest.sha256(in.toString()));
            case FILES -> throw new IllegalStateException();
          };
      List<StepInput> m = new ArrayList<>(l);
      m.set(i, changed);
      List<MissReason> reasons = MissExplainer.diffAll(a, new StepInputs(a.kind(), m));
      String subject = new MissReason(MissReason.Kind.TEXT_CHANGED, in.id(), "").subject();
      assertThat(reasons)
          .singleElement()
          .satisfies(r -> assertThat(r.subject()).isEqualTo(subject));
      if (in.kind().form() == InputKind.Form.HIDDEN) {
        assertThat(reasons.get(0).detail()).isEqualTo("value changed");
      }
    }
  }

  @Property(tries = 1000)
  void fileSetDifferencesAreAlwaysExplained(@ForAll("sets") FileSet a, @ForAll("sets") FileSet b) {
    StepInputs sa = StepInputs.builder(StepKind.COPY).files("ctx", a).build();
    StepInputs sb = StepInputs.builder(StepKind.COPY).files("ctx", b).build();
    List<MissReason> reasons = MissExplainer.diffAll(sa, sb);
    assertThat(reasons.isEmpty()).isEqualTo(a.equals(b));
  }

  @Provide
  Arbitrary<FileSet> sets() {
    return CacheArbitraries.fileSet();
  }

  @Test
  void createdTimesDoNotMatter() {
    BuildRecord a = record(stage());
    BuildRecord b =
        new BuildRecord(a.dockerfile(), a.stage(), a.keyVersion(), Instant.now(), a.steps());
    assertThat(explainer.explain(b, Set.of(0, 1, 2, 3, 4), Optional.of(a))).isEmpty();
  }
}
