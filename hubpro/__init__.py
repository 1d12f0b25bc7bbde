"""hubpro: the drivers' CQC platform."""
