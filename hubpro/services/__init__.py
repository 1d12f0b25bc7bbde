"""Use cases: load, check the actor, apply a domain rule, write, enqueue, commit."""
