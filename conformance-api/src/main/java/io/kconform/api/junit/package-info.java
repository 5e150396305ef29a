/**
 * The bridge between JUnit Jupiter and kconform: {@link io.kconform.api.junit.KconformExtension}
 * gives every check its target, decides its declared requirements before it runs, and turns clean
 * refusals into aborted tests so that plain JUnit runs report them as skipped rather than failed.
 */
package io.kconform.api.junit;
