/**
 * The {@code kconform} command line, built with picocli: {@code run} certifies targets and writes
 * the reports, {@code list} prints the checks without connecting anywhere. Usage errors exit with
 * 2 and a one-line message, never a stack trace.
 */
package io.kconform.harness.cli;
