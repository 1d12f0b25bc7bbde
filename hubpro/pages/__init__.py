"""Every page module; importing this package registers the routes."""

from hubpro.pages import (
    agent,
    cards,
    centres,
    correction,
    devmail,
    driver,
    home,
    instruction,
    login,
    password,
    payment,
    replacement,
    requests,
    returned_mail,
    signup,
    trainings,
)

__all__ = [
    "agent",
    "cards",
    "centres",
    "correction",
    "devmail",
    "driver",
    "home",
    "instruction",
    "login",
    "password",
    "payment",
    "replacement",
    "requests",
    "returned_mail",
    "signup",
    "trainings",
]
