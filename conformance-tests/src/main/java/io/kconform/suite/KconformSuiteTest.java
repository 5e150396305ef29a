package io.kconform.suite;

import io.kconform.api.Check;
import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/**
 * Every check of the batteries as one JUnit Platform suite, for a vendor who runs them with Maven Surefire (or an IDE)
 * instead of the kconform harness. Its name ends in {@code Test}, so Surefire's default includes
 * ({@code **}{@code /Test*.java, **}{@code /*Test.java, **}{@code /*Tests.java, **}{@code /*TestCase.java}) find it in
 * this jar when the vendor's Surefire scans it ({@code dependenciesToScan}); the check classes, named
 * {@code *Checks}, are not matched, so each check runs once, through the suite. The checks are shown by their ids.
 * The target comes from the configuration parameter or system property {@code kconform.bootstrap} (and
 * {@code kconform.client-properties}, whose {@code ${env:NAME}} references are resolved), {@code kconform.check}
 * selects checks by id glob, and what the checks create is deleted when the run ends; see README's "The plain
 * JUnit path". It lives outside
 * {@code io.kconform.checks}, where the harness looks for checks, so the harness never sees it.
 */
@Suite
@SuiteDisplayName("kconform checks")
@SelectPackages("io.kconform.checks")
// A suite takes only classes named like tests by default; the check classes are named *Checks.
@IncludeClassNamePatterns(".*")
@IncludeTags(Check.TAG)
@ConfigurationParameter(key = "junit.jupiter.displayname.generator.default",
        value = "io.kconform.api.junit.CheckIdDisplayNames")
public class KconformSuiteTest {
}
