package dev.strata.solver.copy;

/** Numeric ownership given to what a copy writes. */
record Owner(int uid, int gid) {
  static final Owner ROOT = new Owner(0, 0);
}
