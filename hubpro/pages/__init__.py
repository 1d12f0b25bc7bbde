"""Every page module; importing this package registers the routes."""

from hubpro.pages import agent, correction, devmail, driver, home, login, password, signup

__all__ = ["agent", "correction", "devmail", "driver", "home", "login", "password", "signup"]
