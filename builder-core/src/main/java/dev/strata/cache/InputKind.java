package dev.strata.cache;

/**
 * What a component of {@link StepInputs} describes, and so how its value is held and how a miss
 * explanation words a change to it. Each kind has one {@link Form}. The constant's name is part of
 * the cache key encoding.
 */
public enum InputKind {
  /** The instruction after expansion, as it runs (RUN's command after SHELL, COPY's flags...). */
  INSTRUCTION("instruction", Form.TEXT),
  /** A base the stage starts from: an image manifest digest, or another stage's final key. */
  BASE_IMAGE("base image", Form.CONTENT),
  /** The platform a stage builds for ({@code linux/amd64}). */
  PLATFORM("platform", Form.TEXT),
  /** A variable of the environment a RUN sees; held as a digest, its value is never stored. */
  ENV("env", Form.HIDDEN),
  /** A build argument in scope; held as a digest, its value is never stored. */
  BUILD_ARG("build arg", Form.HIDDEN),
  USER("user", Form.TEXT),
  WORKDIR("workdir", Form.TEXT),
  /** The SHELL a shell-form command runs through, as a JSON array. */
  SHELL("shell", Form.TEXT),
  /** RUN's network mode. */
  NETWORK("network", Form.TEXT),
  /** A RUN mount by target: its type and identity (cache id, bind source digest, secret id). */
  MOUNT("mount", Form.TEXT),
  /** Files selected from the build context. */
  FILES("files", Form.FILES),
  /** COPY --from or a bind mount from a stage or image: the digest of the content copied. */
  COPIED_CONTENT("content from", Form.CONTENT),
  /** Any other named setting that changes the step's result. */
  OPTION("option", Form.TEXT);

  /** How a component's value is held. */
  public enum Form {
    /** Plain text, shown when it changes. */
    TEXT,
    /** A digest of a value that must not be stored; a change is reported without values. */
    HIDDEN,
    /** A content digest, shown when it changes. */
    CONTENT,
    /** A {@link FileSet}, compared file by file. */
    FILES
  }

  private final String label;
  private final Form form;

  InputKind(String label, Form form) {
    this.label = label;
    this.form = form;
  }

  /** How explanations name it ({@code build arg}). */
  public String label() {
    return label;
  }

  public Form form() {
    return form;
  }
}
