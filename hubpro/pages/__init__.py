"""Every page module; importing this package registers the routes."""

from hubpro.pages import agent, centres, correction, devmail, driver, home, login, password, signup, trainings

__all__ = ["agent", "centres", "correction", "devmail", "driver", "home", "login", "password", "signup", "trainings"]
