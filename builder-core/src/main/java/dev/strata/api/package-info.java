/**
 * The public API of strata: the Builder, Images and Containers facades and the values they take and
 * return. Front ends (the strata command, Java users) depend on this package only.
 */
package dev.strata.api;
