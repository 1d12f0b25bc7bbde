"""Email and SMS: templates, outbox, senders and dispatcher."""
