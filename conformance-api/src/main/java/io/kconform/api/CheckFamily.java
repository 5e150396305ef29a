package io.kconform.api;

import io.kconform.api.junit.KconformExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Declares a family of checks that one method implements: one check per member, each with its own
 * stable, declared id (for example {@code protocol.sweep.fetch.v17}, one per API key and version of
 * the baseline). A family is for checks that differ only in data; where behaviour differs, write
 * separate {@link Check} methods.
 *
 * <p>The members come from {@link #value()}, a pure function of the project's own data (never of
 * the target), so the catalog lists every member before any target is reached and a member's id
 * means the same in every run. Each member is a full check: it has its descriptor, its outcome, its
 * evidence, and may be selected alone. The method runs once per selected member as a JUnit test
 * template invocation named by the member's id; it takes a {@link io.kconform.api.context.CheckContext}
 * and the member's {@link FamilyMembers.Member#argument() argument}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@TestTemplate
@Tag(Check.TAG)
@ExtendWith(KconformExtension.class)
public @interface CheckFamily {

    /** Lists the members; a class with a public no-argument constructor. */
    Class<? extends FamilyMembers> value();
}
