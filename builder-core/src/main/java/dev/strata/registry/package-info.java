/** An OCI distribution client: pull, push, authentication, and the registry-backed build cache. */
package dev.strata.registry;
