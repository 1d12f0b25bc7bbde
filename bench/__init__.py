"""hubpro's benchmarks: scripts that print figures (nothing is asserted), run by `make bench`."""
