/** OCI layer tarballs: deterministic writing, confined applying, whiteouts, compression. */
package dev.strata.layer;
