"""Pure business rules: no I/O, standard library only."""
