/**
 * targets.yaml: the named targets a run can use, read with line and column kept so that every
 * error names the file, the line and the field, and {@code ${env:NAME}} references resolved so
 * that secrets live in the environment rather than in the file.
 */
package io.kconform.harness.config;
