/**
 * Resolves artifacts (an Apache Kafka release and its dependencies) from Maven repositories with
 * Apache Maven Resolver, sharing the user's local repository with Maven so that a resolved release
 * is reused offline.
 */
package io.kconform.harness.maven;
