/**
 * report.html and compare.html tested as a person sees them: rendered by a real headless Chromium (Debian's
 * {@code chromium} and {@code chromium-driver} packages), looked at for what is visible, what unfolds, and that the
 * page runs no script and asks the network for nothing.
 */
package io.kconform.report.browser;
