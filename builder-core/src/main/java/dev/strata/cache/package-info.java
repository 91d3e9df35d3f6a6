/**
 * Cache keys, the persisted cache index, and explaining why a step missed.
 *
 * <ul>
 *   <li>{@link dev.strata.cache.StepInputs} describes everything a step's key covers as ordered,
 *       named components (instruction, environment and build arguments as digests, user, workdir,
 *       shell, network, mounts, {@link dev.strata.cache.FileSet file sets}, base image, copied
 *       content). The solver builds one per step; nothing here depends on the planner's types.
 *   <li>{@link dev.strata.cache.CacheKeyEncoder} turns a parent key and the inputs into a {@link
 *       dev.strata.cache.CacheKey}: the sha256 of a versioned, framed encoding.
 *   <li>{@link dev.strata.cache.CacheIndex} persists {@link dev.strata.cache.CacheEntry entries}
 *       (layers, config after the step, history) under the store's {@code cache/}, keeps their
 *       blobs from garbage collection and checks them with {@code system check}.
 *   <li>{@link dev.strata.cache.BuildRecords} keep the latest {@link dev.strata.cache.BuildRecord}
 *       of each Dockerfile and stage, which {@link dev.strata.cache.MissExplainer} compares against
 *       to say why each step missed ({@link dev.strata.cache.MissReason}).
 *   <li>{@link dev.strata.cache.CachePolicy} carries {@code --no-cache} and {@code
 *       --no-cache-filter}.
 * </ul>
 *
 * <p>A stage's build, as the solver drives it: the FROM step's key is {@code
 * CacheKeyEncoder.key(Optional.empty(), fromInputs)} (base manifest digest, or another stage's last
 * key, and platform); each later step's key has the step before as parent. Unless {@code
 * policy.bypassReason(stage)} says otherwise, {@code index.lookup(key)} either gives the entry to
 * reuse or misses, and after running a missed step the solver records its entry (holding a store
 * lease from the layer commit until an image references it). When the stage is done it reads {@code
 * builds().latest(dockerfile, stage)}, asks {@link dev.strata.cache.MissExplainer} about the steps
 * that missed, and then saves the new {@link dev.strata.cache.BuildRecord}.
 */
package dev.strata.cache;
