/** OCI and Docker image models (config, manifest, index), media types, canonical JSON. */
package dev.strata.image;
