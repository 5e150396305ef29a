package io.kconform.api;

import java.util.List;

/**
 * The members of a {@link CheckFamily}. Implementations are pure and deterministic: the same class
 * path gives the same members, in the same order, with the same ids.
 */
public interface FamilyMembers {

    /**
     * Every member of the family.
     *
     * @param className  the class that declares the family method, for the members' descriptors
     * @param methodName the family method, for the members' descriptors
     */
    List<Member> members(String className, String methodName);

    /**
     * One member: a check and the value the family method receives when it runs as that check.
     *
     * @param check    the member's descriptor; its class and method are the family's
     * @param argument what the family method is given besides its context (never null)
     */
    record Member(CheckDescriptor check, Object argument) {
        public Member {
            java.util.Objects.requireNonNull(check, "check");
            java.util.Objects.requireNonNull(argument, "argument");
        }
    }
}
