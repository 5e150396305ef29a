package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Mutation;

/** Holds a mutation's name and description, so that each fault class is only its behaviour. */
abstract class NamedMutation implements Mutation {

    private final String name;
    private final String description;

    NamedMutation(String name, String description) {
        this.name = name;
        this.description = description;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public String toString() {
        return name + ": " + description;
    }
}
