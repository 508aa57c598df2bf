package io.streamrec.api.health;

/** One dependency readiness depends on. {@link #check()} returns null when healthy, else why not. */
public interface DependencyCheck {
    String name();

    String check();
}
